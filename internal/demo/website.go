package demo

import (
	"bytes"
	"embed"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"path"
	"time"
)

// The customer's corporate site, published some weeks before the attack:
// static zh-CN pages, a style sheet, images and one PHP contact form.

//go:embed files/www
var siteFiles embed.FS

const webRoot = "/var/www/html"

func (b *builder) website(h *Host) error {
	err := fs.WalkDir(siteFiles, "files/www", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		c, err := siteFiles.ReadFile(p)
		if err != nil {
			return err
		}
		mt := b.t.site
		if path.Ext(p) == ".php" {
			mt = b.t.site.Add(-90 * 24 * time.Hour)
		}
		return b.file("", webRoot+"/"+p[len("files/www/"):], string(c), 0o644, mt)
	})
	if err != nil {
		return err
	}
	imgs := []struct {
		name string
		w, h int
		c    color.RGBA
		jpg  bool
	}{
		{"images/logo.png", 160, 48, color.RGBA{10, 91, 196, 255}, false},
		{"images/icon-dev.png", 64, 64, color.RGBA{30, 136, 229, 255}, false},
		{"images/icon-cloud.png", 64, 64, color.RGBA{0, 172, 193, 255}, false},
		{"images/icon-support.png", 64, 64, color.RGBA{67, 160, 71, 255}, false},
		{"images/banner.jpg", 600, 210, color.RGBA{31, 45, 61, 255}, true},
		{"images/product-wms.jpg", 180, 120, color.RGBA{84, 110, 122, 255}, true},
		{"images/product-erp.jpg", 180, 120, color.RGBA{121, 85, 72, 255}, true},
		{"uploads/2024/05/award.jpg", 240, 160, color.RGBA{198, 40, 40, 255}, true},
		{"favicon.ico", 16, 16, color.RGBA{10, 91, 196, 255}, false},
	}
	for _, im := range imgs {
		m := image.NewRGBA(image.Rect(0, 0, im.w, im.h))
		for y := 0; y < im.h; y++ {
			for x := 0; x < im.w; x++ {
				c := im.c
				if (x/8+y/8)%5 == 0 { // a little texture
					c = color.RGBA{c.R / 2, c.G / 2, c.B / 2, 255}
				}
				m.SetRGBA(x, y, c)
			}
		}
		var w bytes.Buffer
		var err error
		if im.jpg {
			err = jpeg.Encode(&w, m, &jpeg.Options{Quality: 60})
		} else {
			err = png.Encode(&w, m)
		}
		if err != nil {
			return err
		}
		mt := b.t.site
		if path.Dir(im.name) == "uploads/2024/05" {
			mt = b.t.site.Add(-20 * 24 * time.Hour)
		}
		if err := b.file("", webRoot+"/"+im.name, w.String(), 0o644, mt); err != nil {
			return err
		}
	}
	return nil
}
