package migrate

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// newImportNames are the names a fix may give a new import of
// credwrapper/auth, in order of preference.
var newImportNames = []string{"auth", "credwrapperauth"}

// authName returns the name by which the code at pos refers to
// credwrapper/auth, and the edits that make it so. It asks the type checker
// what each candidate name means at pos, so that a parameter or local
// variable named like the import is never taken for it:
//   - an import of credwrapper/auth whose name resolves to it at pos;
//   - else, when the file does not import credwrapper/auth, an import of
//     go-autorest's azure/auth whose name resolves to it at pos (the edits
//     include the import fix that turns it into credwrapper/auth);
//   - else a new import, under the first of newImportNames that nothing in
//     the file declares (at package scope, as an import, or in any local
//     scope).
//
// It returns false when no name is safe: the fix is not offered.
func (c *fileChecker) authName(pos token.Pos) (string, []analysis.TextEdit, bool) {
	scope := c.pass.TypesInfo.Scopes[c.file]
	if scope == nil {
		return "", nil, false
	}
	inner := scope.Innermost(pos)
	resolves := func(imp *ast.ImportSpec) (string, bool) {
		pn := c.pass.TypesInfo.PkgNameOf(imp)
		if pn == nil || pn.Name() == "_" || pn.Name() == "." {
			return "", false
		}
		_, obj := inner.LookupParent(pn.Name(), pos)
		return pn.Name(), obj == pn
	}
	twin, legacy := c.imports(twinAuthPath), c.imports(legacyAuthPath)
	for _, imp := range twin {
		if name, ok := resolves(imp); ok {
			return name, nil, true
		}
	}
	if len(twin) == 0 {
		for _, imp := range legacy {
			if name, ok := resolves(imp); ok {
				return name, []analysis.TextEdit{twinImportEdit(imp)}, true
			}
		}
	}
	for _, name := range newImportNames {
		if !c.nameTaken(name) {
			return name, c.importEdits(name), true
		}
	}
	return "", nil, false
}

// imports returns the file's imports of path.
func (c *fileChecker) imports(path string) []*ast.ImportSpec {
	var out []*ast.ImportSpec
	for _, imp := range c.file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			out = append(out, imp)
		}
	}
	return out
}

// importEdits returns the edits importing credwrapper/auth as name.
func (c *fileChecker) importEdits(name string) []analysis.TextEdit {
	spec := strconv.Quote(twinAuthPath)
	if name != "auth" {
		spec = name + " " + spec
	}
	// Into the first parenthesized import declaration, or else after the
	// last one: the first may be import "C", which its preamble comment
	// must stay attached to.
	var last *ast.GenDecl
	for _, d := range c.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if gd.Lparen.IsValid() {
			return []analysis.TextEdit{{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\t" + spec + "\n")}}
		}
		last = gd
	}
	if last != nil {
		return []analysis.TextEdit{{Pos: last.End(), End: last.End(), NewText: []byte("\nimport " + spec)}}
	}
	return []analysis.TextEdit{{Pos: c.file.Name.End(), End: c.file.Name.End(), NewText: []byte("\n\nimport " + spec)}}
}

// nameTaken reports whether name is declared at package scope, as an import
// of the file (named, or the imported package's own name), or in any local
// scope of the file: a new import under it would be shadowed or clash.
func (c *fileChecker) nameTaken(name string) bool {
	if c.pass.Pkg.Scope().Lookup(name) != nil {
		return true
	}
	for _, imp := range c.file.Imports {
		if pn := c.pass.TypesInfo.PkgNameOf(imp); pn != nil && pn.Name() == name {
			return true
		}
	}
	fileScope := c.pass.TypesInfo.Scopes[c.file]
	if fileScope == nil {
		return true
	}
	var declared func(s *types.Scope) bool
	declared = func(s *types.Scope) bool {
		if s != fileScope && s.Lookup(name) != nil {
			return true
		}
		for i := range s.NumChildren() {
			if declared(s.Child(i)) {
				return true
			}
		}
		return false
	}
	return declared(fileScope)
}
