package migrate

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// checkSetSender reports spt.SetSender(...) when spt is an
// *adal.ServicePrincipalToken that this function got from an adal
// constructor the fixes rewrite, or from credwrapper/auth or go-autorest's
// azure/auth: on those tokens azidentity makes the token requests, and the
// sender is not used.
func (c *fileChecker) checkSetSender(call *ast.CallExpr, method *types.Func) {
	if method.Name() != "SetSender" || !isADALToken(method.Signature().Recv().Type()) {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok || c.fn == nil {
		return
	}
	origin, ok := c.assignedCall(c.pass.TypesInfo.Uses[id])
	if !ok || !rewrittenToken(c.pass.TypesInfo, origin) {
		return
	}
	c.report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(),
		Message: id.Name + ".SetSender has no effect once the token comes from credwrapper/auth: azidentity makes the token requests, so this sender (its transport, logging or retries) would be dropped; " +
			"to keep it, pass its transport in the ClientOptions of an azidentity credential and wrap that with credwrapper.New"})
}

// isADALToken reports whether t is *adal.ServicePrincipalToken.
func isADALToken(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == adalPath && n.Obj().Name() == "ServicePrincipalToken"
}

// rewrittenToken reports whether call returns a token whose requests
// azidentity makes after the fixes: an adal constructor with a twin, or any
// function or method of credwrapper/auth or go-autorest's azure/auth.
func rewrittenToken(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case adalPath:
		return twins[fn.Name()] && fn.Signature().Recv() == nil
	case twinAuthPath, legacyAuthPath:
		return true
	}
	return false
}

// assignedCall returns the call whose first result this function assigns
// to obj (x := f(), x, err = f(), var x, err = f()), if there is one.
func (c *fileChecker) assignedCall(obj types.Object) (*ast.CallExpr, bool) {
	if obj == nil || c.fn == nil {
		return nil, false
	}
	var found *ast.CallExpr
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && (c.pass.TypesInfo.Defs[id] == obj || c.pass.TypesInfo.Uses[id] == obj)
	}
	ast.Inspect(c.fn, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		var lhs []ast.Expr
		var rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, name := range n.Names {
				lhs = append(lhs, name)
			}
			rhs = n.Values
		default:
			return true
		}
		for i, l := range lhs {
			if !is(l) {
				continue
			}
			var r ast.Expr
			switch {
			case len(rhs) == len(lhs):
				r = rhs[i]
			case len(rhs) == 1 && i == 0:
				r = rhs[0]
			}
			if call, ok := ast.Unparen(r).(*ast.CallExpr); ok {
				found = call
			}
		}
		return true
	})
	return found, found != nil
}
