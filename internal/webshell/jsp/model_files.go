package jsp

import "strings"

// fileModel is files, databases and the network: file-manager operations, writes, SQL and sockets.
func (a *analysis) fileModel(c *callCtx) (*value, bool) {
	rv := c.recv
	switch c.name {

	case "listFiles", "list", "listRoots":
		if c.name == "listRoots" {
			a.tr.roots = c.line
			return &value{kinds: kFile, open: true}, true
		}
		if c.recvIs("Files") && len(c.args) > 0 {
			a.sink("fs.list", c.line, c.what("Files"), pathOf(c.arg(0)), nil)
			return &value{kinds: kFile, inner: pathOf(c.arg(0)), t: pathOf(c.arg(0)).taint(), open: true}, true
		}
		if rv.has(kFile) {
			a.sink("fs.list", c.line, c.what("File"), rv.inner, nil)
			return &value{kinds: kFile, inner: rv.inner, t: rv.inner.taint(), open: true}, true
		}
	case "delete", "deleteOnExit", "deleteIfExists", "forceDelete", "deleteDirectory", "deleteQuietly":
		if rv.has(kFile) {
			a.sink("fs.delete", c.line, c.what("File"), rv.inner, nil)
			return &value{}, true
		}
		if c.recvIs("Files", "FileUtils") && len(c.args) > 0 {
			a.sink("fs.delete", c.line, c.what(simpleName(c.recvName)), pathOf(c.arg(0)), nil)
			return &value{}, true
		}
	case "renameTo", "move", "moveFile", "moveTo":
		if rv.has(kFile) {
			a.sink("fs.rename", c.line, c.what("File"), join(rv.inner, pathOf(c.arg(0))), nil)
			return &value{}, true
		}
		if c.recvIs("Files", "FileUtils") && len(c.args) > 1 {
			a.sink("fs.rename", c.line, c.what(simpleName(c.recvName)), join(pathOf(c.arg(0)), pathOf(c.arg(1))), nil)
			return &value{}, true
		}
	case "mkdir", "mkdirs", "createDirectories", "createDirectory", "forceMkdir":
		if rv.has(kFile) {
			a.sink("fs.mkdir", c.line, c.what("File"), rv.inner, nil)
			return &value{}, true
		}
		if c.recvIs("Files", "FileUtils") && len(c.args) > 0 {
			a.sink("fs.mkdir", c.line, c.what(simpleName(c.recvName)), pathOf(c.arg(0)), nil)
			return &value{}, true
		}
	case "setLastModified", "setLastModifiedTime", "touch":
		if rv.has(kFile) {
			a.sink("fs.touch", c.line, c.what("File"), rv.inner, nil)
			return &value{}, true
		}
		if c.recvIs("Files", "FileUtils") && len(c.args) > 0 {
			a.sink("fs.touch", c.line, c.what(simpleName(c.recvName)), pathOf(c.arg(0)), nil)
			return &value{}, true
		}
	case "setExecutable", "setReadable", "setWritable", "setReadOnly", "setPosixFilePermissions":
		if rv.has(kFile) {
			a.sink("fs.chmod", c.line, c.what("File"), rv.inner, nil)
			return &value{}, true
		}
		if c.recvIs("Files") && len(c.args) > 0 {
			a.sink("fs.chmod", c.line, c.what("Files"), pathOf(c.arg(0)), nil)
			return &value{}, true
		}
	case "createNewFile", "createFile":
		if rv.has(kFile) {
			a.sink("fs.create", c.line, c.what("File"), rv.inner, nil)
			return &value{}, true
		}
	case "getName", "getFileName", "getOriginalFilename", "getSubmittedFileName":
		if rv.has(kFile) {
			p := rv.inner.clone()
			p.t.flags |= fSanitized
			p.kinds = 0
			p.strs = nil
			p.open = true
			if rv.inner.isConst() {
				p = rv.inner
			}
			return p, true
		}
		if c.recvIs("FilenameUtils") && len(c.args) > 0 {
			p := c.arg(0).clone()
			p.t.flags |= fSanitized
			return p, true
		}
	case "getPath", "getAbsolutePath", "getCanonicalPath", "toURI", "toURL":
		if rv.has(kFile) {
			return rv.inner, true
		}
	case "getParentFile", "getAbsoluteFile", "getCanonicalFile", "toPath", "toFile", "getParent", "normalize", "toAbsolutePath", "toRealPath":
		if rv.has(kFile) {
			if c.name == "getParent" {
				return rv.inner, true
			}
			return rv, true
		}
	case "resolve", "resolveSibling":
		if rv.has(kFile) && len(c.args) > 0 {
			p := a.pathJoin(rv.inner, pathOf(c.arg(0)))
			return &value{kinds: kFile, inner: p, t: p.taint(), open: true}, true
		}
	case "get", "of":
		if c.recvIs("Paths", "Path") && len(c.args) > 0 {
			p := pathOf(c.arg(0))
			for _, x := range c.args[1:] {
				p = a.pathJoin(p, x)
			}
			return &value{kinds: kFile, inner: p, t: p.taint(), open: true}, true
		}
	case "write", "print", "println", "writeBytes", "writeUTF", "writeChars", "printf", "format", "writeObject", "writeString", "writeLines",
		"writeStringToFile", "writeByteArrayToFile", "copyInputStreamToFile", "copyToFile", "copyURLToFile", "copy", "copyLarge", "copyFile",
		"writeBytesToFilename", "writeToFile":
		if r := a.writeCall(c); r != nil {
			return r, true
		}
	case "info", "warning", "severe", "fine", "finer", "finest", "config", "log":
		if rv.has(kFileOut) && len(c.args) > 0 {
			return a.fileWrite(c, rv.inner, c.argsJoin(0)), true
		}
	case "readAllBytes", "readAllLines", "readString", "newInputStream", "newBufferedReader", "lines", "readFileToString", "readFileToByteArray", "readLines":
		if c.recvIs("Files", "FileUtils") && len(c.args) > 0 {
			a.sink("fs.read", c.line, c.what(simpleName(c.recvName)), pathOf(c.arg(0)), nil)
			return &value{open: true}, true
		}
	case "newOutputStream", "newBufferedWriter":
		if c.recvIs("Files") && len(c.args) > 0 {
			p := pathOf(c.arg(0))
			a.sink("fs.open-write", c.line, c.what("Files"), p, nil)
			return &value{kinds: kFileOut, inner: p, open: true}, true
		}
	case "transferTo":
		if rv.has(kUpload) || rv.taint().flags&fUpload != 0 {
			return a.fileWrite(c, pathOf(c.arg(0)), rv), true
		}
		if x := c.arg(0); x.has(kFileOut) {
			return a.fileWrite(c, x.inner, rv), true
		}

	case "executeQuery", "executeUpdate", "execute", "addBatch", "prepareStatement", "prepareCall", "executeLargeUpdate":
		if len(c.args) > 0 && !rv.has(kUserObj) {
			a.sink("sql", c.line, c.what("Statement"), c.arg(0), nil)
			if anyConst(c.arg(0), tableListRE.MatchString) {
				a.tr.tableEnum = c.line
			}
		}
		if c.name == "executeQuery" && !rv.has(kUserObj) {
			return &value{t: taint{bits: bitDB, src: a.point(c.line, "database query")}, open: true}, true
		}
		if len(c.args) > 0 && !rv.has(kUserObj) {
			return &value{open: true}, true
		}
	case "getTables":
		if len(c.args) >= 3 {
			a.tr.tableEnum = c.line
			return &value{t: taint{bits: bitDB, src: a.point(c.line, "database table list")}, open: true}, true
		}
	case "getConnection":
		if c.recvIs("DriverManager") && len(c.args) > 0 {
			a.sink("sql.connect", c.line, c.what("DriverManager"), c.arg(0), nil)
			return &value{open: true}, true
		}
	case "connect":
		if rv.has(kSocket) && len(c.args) > 0 {
			a.sink("net.connect", c.line, c.what("Socket"), c.arg(0), nil)
			return &value{}, true
		}
	case "open":
		if c.recvIs("SocketChannel", "AsynchronousSocketChannel") {
			if len(c.args) > 0 {
				a.sink("net.connect", c.line, c.what("SocketChannel"), c.arg(0), nil)
			}
			return &value{kinds: kSocket, open: true}, true
		}
	case "socket":
		if rv.has(kSocket) {
			return rv, true
		}
	case "openStream":
		if rv.has(kURL) {
			return &value{t: joinTaint(rv.inner.taint(), taint{bits: bitRemote, src: a.point(c.line, "network input: "+render(c.e))}), open: true}, true
		}
	case "openConnection":
		if rv.has(kURL) {
			return rv, true
		}
	}
	return nil, false
}

// pathOf is the path of a File / Path value, or the value itself (a
// string path).
func pathOf(v *value) *value {
	if v.has(kFile) && v.inner != nil {
		return v.inner
	}
	if v.has(kFileOut) && v.inner != nil {
		return v.inner
	}
	return v
}

// pathJoin is new File(dir, name).
func (a *analysis) pathJoin(dir, name *value) *value {
	slash := a.concat(dir, strVal("/"), 0)
	r := a.concat(slash, name, 0)
	r.obf = nil
	return r
}

// writeCall models writes into files, process stdin and sockets.
func (a *analysis) writeCall(c *callCtx) *value {
	rv := c.recv
	switch {
	case (c.name == "writeBytesToFilename" || c.name == "writeToFile") && len(c.args) >= 2 && !rv.has(kFileOut|kOut):
		// JavaUtils.writeBytesToFilename(name, bytes) and similar helpers.
		return a.fileWrite(c, pathOf(c.arg(0)), c.argsJoin(1))
	case c.recvIs("Files"):
		switch c.name {
		case "write", "writeString":
			return a.fileWrite(c, pathOf(c.arg(0)), c.argsJoin(1))
		case "copy":
			if len(c.args) >= 2 {
				src, dst := c.arg(0), c.arg(1)
				if dst.has(kFile) || isStringy(dst) && !dst.has(kOut) {
					if src.has(kFile) {
						a.sink("fs.copy", c.line, c.what("Files"), join(pathOf(src), pathOf(dst)), nil)
						return &value{}
					}
					return a.fileWrite(c, pathOf(dst), src)
				}
				if src.has(kFile) {
					a.sink("fs.read", c.line, c.what("Files"), pathOf(src), nil)
					return &value{}
				}
			}
		}
		return nil
	case c.recvIs("FileUtils", "FileCopyUtils", "IOUtils", "Streams", "ByteStreams", "StreamUtils"):
		switch c.name {
		case "writeStringToFile", "writeByteArrayToFile", "write", "writeLines":
			if len(c.args) >= 2 {
				if c.recvIs("IOUtils") {
					if dst := c.arg(1); dst.has(kFileOut) {
						return a.fileWrite(c, dst.inner, c.arg(0))
					}
					return nil
				}
				return a.fileWrite(c, pathOf(c.arg(0)), c.argsJoin(1))
			}
		case "copyInputStreamToFile", "copyToFile", "copyURLToFile":
			if len(c.args) >= 2 {
				src := c.arg(0)
				if c.name == "copyURLToFile" {
					src = addTaint(src, &value{t: taint{bits: bitRemote, src: a.point(c.line, "network input: "+render(c.e))}})
				}
				return a.fileWrite(c, pathOf(c.arg(1)), src)
			}
		case "copy", "copyLarge", "copyFile":
			if len(c.args) >= 2 {
				src, dst := c.arg(0), c.arg(1)
				if dst.has(kFileOut) {
					return a.fileWrite(c, dst.inner, src)
				}
				if dst.has(kFile) {
					if src.has(kFile) {
						a.sink("fs.copy", c.line, c.what(simpleName(c.recvName)), join(pathOf(src), pathOf(dst)), nil)
						return &value{}
					}
					return a.fileWrite(c, pathOf(dst), src)
				}
				if root := rootVar(c.argExpr(1)); root != "" && src.taint().bits != 0 {
					if old, ok := c.en.lookup(root); ok {
						a.taintVar(root, old, src.t, c.en)
					}
				}
				return &value{}
			}
		}
		return nil
	}
	switch {
	case rv.has(kFileOut):
		if c.name == "print" || c.name == "println" || c.name == "write" || c.name == "writeBytes" || c.name == "writeUTF" ||
			c.name == "writeChars" || c.name == "printf" || c.name == "format" || c.name == "writeObject" {
			return a.fileWrite(c, rv.inner, c.argsJoin(0))
		}
	case rv.has(kProcIn):
		if strings.HasPrefix(c.name, "write") || strings.HasPrefix(c.name, "print") {
			a.sink("exec", c.line, "Process stdin", c.argsJoin(0), nil)
			return &value{}
		}
	case rv.has(kSockOut):
		a.sink("net.send", c.line, c.what("Socket"), c.argsJoin(0), nil)
		return &value{}
	case rv.has(kSocket) && c.name == "write":
		a.sink("net.send", c.line, c.what("SocketChannel"), c.argsJoin(0), nil)
		return &value{}
	case rv.has(kUpload) && c.name == "write" && len(c.args) == 1:
		// FileItem.write(File), Part.write(String)
		return a.fileWrite(c, pathOf(c.arg(0)), rv)
	case (rv.taint().flags&fUpload != 0) && c.name == "write" && len(c.args) == 1 && c.arg(0).has(kFile):
		return a.fileWrite(c, pathOf(c.arg(0)), rv)
	}
	return nil
}

func (a *analysis) fileWrite(c *callCtx, path, data *value) *value {
	what := c.what(simpleName(c.recvName))
	if c.recv.has(kFileOut) {
		what = "file write"
		if c.reflect {
			what += " (by reflection)"
		}
	} else if c.recv.has(kUpload) {
		what = "upload saved (" + c.name + ")"
	}
	if path == nil {
		path = &value{open: true}
	}
	a.sink("filewrite", c.line, what, data, path)
	return &value{}
}
