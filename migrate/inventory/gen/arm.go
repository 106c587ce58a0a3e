package main

import (
	"go/ast"
	"sort"
	"strings"
)

// An armMethod is an exported method of a current SDK client and the REST
// operation it sends.
type armMethod struct {
	client string // client type
	method string
	op     op
}

// armPackage reads the client types of one package of the current SDK: an
// exported method has the operation of the ...CreateRequest method it calls,
// directly (Get, New...Pager) or through an unexported method (Begin...). It
// also returns each client type's constructor (an exported New... function
// whose first result is a pointer to it).
func armPackage(files []*ast.File) ([]armMethod, map[string]string) {
	requests := map[string]op{}           // "Type.xCreateRequest" -> op
	bodies := map[string]*ast.BlockStmt{} // "Type.method" -> body
	var exported []*ast.FuncDecl
	ctors := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			t := recvType(fd)
			if t == "" {
				if r := resultType(fd); ast.IsExported(fd.Name.Name) && strings.HasPrefix(fd.Name.Name, "New") && r != "" && strings.HasSuffix(r, "Client") {
					if old, ok := ctors[r]; !ok || fd.Name.Name < old {
						ctors[r] = fd.Name.Name
					}
				}
				continue
			}
			if !ast.IsExported(t) {
				continue
			}
			key := t + "." + fd.Name.Name
			bodies[key] = fd.Body
			if strings.HasSuffix(fd.Name.Name, "CreateRequest") {
				if o, ok := requestOp(fd.Body); ok {
					requests[key] = o
				}
			}
			if ast.IsExported(fd.Name.Name) {
				exported = append(exported, fd)
			}
		}
	}
	var out []armMethod
	for _, fd := range exported {
		t := recvType(fd)
		if o, ok := calledRequest(t, fd.Body, requests, bodies, 2); ok {
			out = append(out, armMethod{client: t, method: fd.Name.Name, op: o})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].client != out[j].client {
			return out[i].client < out[j].client
		}
		return out[i].method < out[j].method
	})
	return out, ctors
}

// calledRequest follows the calls client.x(...) of a method body, depth
// levels deep, to the first ...CreateRequest it reaches.
func calledRequest(t string, body *ast.BlockStmt, requests map[string]op, bodies map[string]*ast.BlockStmt, depth int) (op, bool) {
	var found op
	var callees []string
	ast.Inspect(body, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "client" {
			return true
		}
		key := t + "." + sel.Sel.Name
		if o, ok := requests[key]; ok {
			found = o
			return false
		}
		if !ast.IsExported(sel.Sel.Name) {
			callees = append(callees, key)
		}
		return true
	})
	if found != "" {
		return found, true
	}
	if depth > 1 {
		for _, c := range callees {
			if b := bodies[c]; b != nil {
				if o, ok := calledRequest(t, b, requests, bodies, depth-1); ok {
					return o, true
				}
			}
		}
	}
	return "", false
}

// requestOp reads urlPath := "..." and runtime.NewRequest(ctx,
// http.MethodX, ...) from a ...CreateRequest method.
func requestOp(body *ast.BlockStmt) (op, bool) {
	method, path := "", ""
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == "urlPath" && path == "" {
					if s, ok := stringLit(n.Rhs[0]); ok {
						path = s
					}
				}
			}
		case *ast.CallExpr:
			if selector(n.Fun) == "runtime.NewRequest" && len(n.Args) > 1 {
				if m := selector(n.Args[1]); strings.HasPrefix(m, "http.Method") {
					method = strings.TrimPrefix(m, "http.Method")
				}
			}
		}
		return true
	})
	if method == "" || path == "" {
		return "", false
	}
	return newOp(method, path), true
}
