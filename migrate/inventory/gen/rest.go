package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// An op is a REST operation, normalized: upper-case HTTP method, lower-case
// path template with every path parameter written {}.
type op string

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

func newOp(method, path string) op {
	p := strings.ToLower(pathParam.ReplaceAllString(path, "{}"))
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return op(strings.ToUpper(method) + " " + p)
}

// byIDAlone says whether an operation's path is made of path parameters
// only (/{id}): the resource is named by its full ID, so the path tells
// nothing about which service or resource type the operation addresses.
func (o op) byIDAlone() bool {
	_, p, _ := strings.Cut(string(o), " ")
	for _, seg := range strings.Split(strings.Trim(p, "/"), "/") {
		if seg != "{}" {
			return false
		}
	}
	return true
}

// parseDir parses the non-test Go files of one directory, sorted by name.
func parseDir(fset *token.FileSet, dir string) ([]*ast.File, string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, "", err
	}
	var files []*ast.File
	name := ""
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, "", err
		}
		if name == "" {
			name = f.Name.Name
		}
		files = append(files, f)
	}
	return files, name, nil
}

// packageDirs lists root and the directories below it that hold Go files,
// sorted, skipping internal, fake and testdata trees.
func packageDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "internal", "fake", "testdata":
				if p != root {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			dir := filepath.Dir(p)
			if len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	// A directory's files and subdirectories interleave in lexical
	// order, so a directory can be listed twice.
	sort.Strings(dirs)
	return slices.Compact(dirs), err
}

// recvType is the name of a method's receiver type ("" for a function).
func recvType(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// resultType is the name of a function's first result type, without a
// pointer ("" when it has none or it is not a plain name).
func resultType(fd *ast.FuncDecl) string {
	if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return ""
	}
	t := fd.Type.Results.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// selector returns "x.Sel" for a selector expression on an identifier.
func selector(e ast.Expr) string {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	x, ok := s.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return x.Name + "." + s.Sel.Name
}
