package main

import (
	"go/ast"
	"strings"
)

// A legacyClient is a v68 client type: its methods' REST operations and its
// constructors.
type legacyClient struct {
	ops   map[string]op   // exported method -> operation
	async map[string]bool // exported methods that return a ...Future
	plain []string        // exported methods with no operation found
}

// legacyPackage reads the client types of one v68 package: a method M has
// the operation of its MPreparer (autorest.AsGet()... and
// autorest.WithPathParameters("/subscriptions/...", ...)); MComplete has
// M's.
func legacyPackage(files []*ast.File) map[string]*legacyClient {
	preparers := map[string]map[string]op{} // type -> method -> op
	methods := map[string][]string{}        // type -> exported methods
	async := map[string]bool{}              // "Type.Method" returning a ...Future
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			t := recvType(fd)
			if t == "" || !strings.HasSuffix(t, "Client") {
				continue
			}
			name := fd.Name.Name
			if strings.HasSuffix(name, "Preparer") {
				if o, ok := preparerOp(fd.Body); ok {
					if preparers[t] == nil {
						preparers[t] = map[string]op{}
					}
					preparers[t][strings.TrimSuffix(name, "Preparer")] = o
				}
				continue
			}
			if !ast.IsExported(name) || strings.HasSuffix(name, "Sender") || strings.HasSuffix(name, "Responder") {
				continue
			}
			methods[t] = append(methods[t], name)
			if strings.HasSuffix(resultType(fd), "Future") {
				async[t+"."+name] = true
			}
		}
	}
	clients := map[string]*legacyClient{}
	for t, ms := range methods {
		c := &legacyClient{ops: map[string]op{}, async: map[string]bool{}}
		for _, m := range ms {
			c.async[m] = async[t+"."+m]
			if o, ok := preparers[t][m]; ok {
				c.ops[m] = o
			} else if o, ok := preparers[t][strings.TrimSuffix(m, "Complete")]; ok && strings.HasSuffix(m, "Complete") {
				c.ops[m] = o
			} else {
				c.plain = append(c.plain, m)
			}
		}
		if len(c.ops) > 0 {
			clients[t] = c
		}
	}
	return clients
}

// preparerOp finds the HTTP method and the path template a preparer sets.
// autorest's preparers send GET when no As... decorator is given.
func preparerOp(body *ast.BlockStmt) (op, bool) {
	method, path := "GET", ""
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		switch sel := selector(call.Fun); sel {
		case "autorest.AsGet", "autorest.AsPut", "autorest.AsPost", "autorest.AsDelete", "autorest.AsPatch", "autorest.AsHead", "autorest.AsOptions":
			method = strings.TrimPrefix(sel, "autorest.As")
		case "autorest.WithPathParameters", "autorest.WithPath":
			if len(call.Args) > 0 {
				if s, ok := stringLit(call.Args[0]); ok {
					path = s
				}
			}
		}
		return true
	})
	if path == "" {
		return "", false
	}
	return newOp(method, path), true
}
