package lexicon

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"博\u200b彩":               "博彩",
		"ｂｅｔ３６５":                 "bet365",
		"澳門博彩":                   "澳门博彩",
		"博-彩":                    "博彩",
		"博 · 彩":                  "博彩",
		"&#x535A;&#x5F69;":       "博彩",
		"Hello   World":          "hello world",
		"www.example.test/a":     "www.example.test/a",
		"真\u00ad人\ufeff娱\u2060乐": "真人娱乐",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		text   string
		family Family // "" means no hit
		strong bool
	}{
		{"澳门博彩", Gambling, true},
		{"百家乐官网", Gambling, true},
		{"澳门威尼斯人官网", Gambling, true},
		{"澳门新葡京娱乐城", Gambling, true},
		{"澳門賭場", Gambling, true},
		{"博\u200b彩", Gambling, true},
		{"ｂｅｔ３６５", Gambling, true},
		{"澳门bo彩", Gambling, true},
		{"重庆时时彩", Lottery, true},
		{"香港六合彩", Lottery, true},
		{"北京赛车pk10", Lottery, true},
		{"成人视频", Porn, true},
		{"代开发票", Invoice, true},
		{"发票代开", Invoice, true},
		{"传奇私服", PrivateServer, true},
		{"网贷秒批无抵押贷款", Fraud, true},
		{"棋牌", Gambling, false},
		{"彩票", Lottery, false},
		// traps
		{"成人教育学院招生", "", false},
		{"澳门旅游攻略", "", false},
		{"体育新闻：校足球队夺冠", "", false},
		{"体育学院", "", false},
		{"中国福利彩票发行管理中心公告", "", false},
		{"我校开展打击网络赌博、远离黄赌毒主题教育", "", false},
		{"严厉打击六合彩违法活动", "", false},
		{"on this occasion", "", false},
		{"澳门大学学术交流", "", false},
	}
	for _, c := range cases {
		hits := Match(c.text)
		if c.family == "" {
			if len(hits) > 0 {
				t.Errorf("Match(%q) = %+v, want none", c.text, hits)
			}
			continue
		}
		if len(hits) == 0 {
			t.Errorf("Match(%q): no hit, want %s", c.text, c.family)
			continue
		}
		if hits[0].Family != c.family || AnyStrong(hits) != c.strong {
			t.Errorf("Match(%q) = %+v, want %s strong=%v", c.text, hits, c.family, c.strong)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("博\u200b彩 &#x535A; ｂｅｔ３６５")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		Match(s)
		_ = n
	})
}

func TestDensity(t *testing.T) {
	for _, c := range []struct {
		text     string
		min, max float64
	}{
		{"", 0, 0},
		{"某某大学欢迎您，学校新闻与通知公告", 0, 0.01},
		{"澳门博彩 百家乐 真人娱乐 澳门博彩 在线赌场 百家乐", 0.6, 1},
		{"我校开展打击网络赌博、远离黄赌毒主题教育活动，严禁参与网络赌博。", 0, 0.2},
	} {
		if d := Density(c.text); d < c.min || d > c.max {
			t.Errorf("Density(%q) = %.2f, want in [%.2f, %.2f]", c.text, d, c.min, c.max)
		}
	}
}
