package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// convert spells a legacy argument e, of type from, as a value of the new
// type to. Models are converted as composite literals, field by JSON name;
// enums become pointers to the new constants of the same value; *[]T
// becomes []*T.
func (u *unit) convert(e ast.Expr, from, to types.Type) (string, error) {
	r := u.r
	toName := r.toName()
	if sameShape(from, to) {
		if strings.Contains(r.renderTo(e, toName), toName+".Ptr") {
			u.imports[azcorePath+"/to"] = toName
		}
		return r.renderTo(e, toName), nil
	}
	e = ast.Unparen(e)
	tv := r.info.Types[e]
	if tv.IsNil() {
		switch to.Underlying().(type) {
		case *types.Pointer, *types.Slice, *types.Map, *types.Interface:
			return "nil", nil
		}
	}
	// A legacy enum becomes a pointer to the new enum's constant.
	if pt, ok := to.Underlying().(*types.Pointer); ok {
		if isString(from) && isString(pt.Elem()) {
			if named, ok := types.Unalias(pt.Elem()).(*types.Named); ok {
				return u.enum(e, tv, named)
			}
			// string -> *string
			u.imports[azcorePath+"/to"] = toName
			return fmt.Sprintf("%s.Ptr(%s)", toName, r.renderTo(e, toName)), nil
		}
		if b, ok := from.Underlying().(*types.Basic); ok && types.Identical(from, pt.Elem()) {
			u.imports[azcorePath+"/to"] = toName
			if tv.Value != nil {
				return fmt.Sprintf("%s.Ptr[%s](%s)", toName, b.Name(), r.text(e)), nil
			}
			return fmt.Sprintf("%s.Ptr(%s)", toName, r.text(e)), nil
		}
	}
	if isString(from) && isString(to) {
		if named, ok := types.Unalias(to).(*types.Named); ok {
			c, err := u.enumConst(tv, named)
			if err != nil {
				return "", err
			}
			return c, nil
		}
	}
	switch ft := from.Underlying().(type) {
	case *types.Struct:
		if v := u.localVar(e); v != nil && ast.Unparen(e) == e {
			return u.modelVar(e.(*ast.Ident), v, from, to)
		}
		lit, ok := e.(*ast.CompositeLit)
		if !ok {
			return "", errf("%s is a legacy model built elsewhere: only a composite literal is rewritten yet", r.text(e))
		}
		return u.literal(lit, ft, to, false)
	case *types.Pointer:
		switch fe := ft.Elem().Underlying().(type) {
		case *types.Struct:
			tp, ok := to.Underlying().(*types.Pointer)
			if !ok {
				break
			}
			un, ok := e.(*ast.UnaryExpr)
			if !ok || un.Op != token.AND {
				return "", errf("%s is a legacy model built elsewhere: only &T{...} is rewritten yet", r.text(e))
			}
			lit, ok := un.X.(*ast.CompositeLit)
			if !ok {
				return "", errf("%s is a legacy model built elsewhere: only &T{...} is rewritten yet", r.text(e))
			}
			s, err := u.literal(lit, fe, tp.Elem(), false)
			if err != nil {
				return "", err
			}
			return "&" + s, nil
		case *types.Slice:
			// *[]T becomes []*T
			ts, ok := to.Underlying().(*types.Slice)
			if !ok {
				break
			}
			un, ok := e.(*ast.UnaryExpr)
			if !ok || un.Op != token.AND {
				return "", errf("%s is a *[]T built elsewhere: only &[]T{...} is rewritten yet", r.text(e))
			}
			if v := u.localVar(un.X); v != nil && structOf(fe.Elem()) != nil && isPointer(ts.Elem()) {
				return u.sliceVar(ast.Unparen(un.X).(*ast.Ident), v, fe.Elem(), ts)
			}
			lit, ok := un.X.(*ast.CompositeLit)
			if !ok {
				return "", errf("%s is a *[]T built elsewhere: only &[]T{...} is rewritten yet", r.text(e))
			}
			return u.sliceLiteral(lit, fe.Elem(), ts)
		}
	}
	if isDateTime(from) {
		return "", errf("%s is a date.Time: not rewritten yet", r.text(e))
	}
	return "", errf("%s has type %s, which becomes %s: not rewritten yet", r.text(e), types.TypeString(from, byName), types.TypeString(to, byName))
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isDateTime(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/Azure/go-autorest/autorest/date"
}

// enum spells a legacy enum value as a pointer to the new enum's value.
func (u *unit) enum(e ast.Expr, tv types.TypeAndValue, named *types.Named) (string, error) {
	toName := u.r.toName()
	u.imports[azcorePath+"/to"] = toName
	if tv.Value == nil {
		// The legacy model leaves an empty enum out; to.Ptr of it would
		// send "".
		if !u.nonEmpty(e) {
			if name, ok, err := u.hoistEnum(e, named); ok || err != nil {
				return name, err
			}
			return "", errf("the enum %s may be empty: the legacy model leaves an empty enum out, the new one would send \"\"", u.r.text(e))
		}
		t, err := u.typeString(named)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s.Ptr(%s(%s))", toName, t, u.r.text(e)), nil
	}
	c, err := u.enumConst(tv, named)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s.Ptr(%s)", toName, c), nil
}

// enumConst finds the new enum's constant of a legacy constant's value (the
// names differ: compute.StandardB2s is
// armcompute.VirtualMachineSizeTypesStandardB2S).
func (u *unit) enumConst(tv types.TypeAndValue, named *types.Named) (string, error) {
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		t, err := u.typeString(named)
		if err != nil {
			return "", err
		}
		return "", errf("a variable enum of type %s: not rewritten yet", t)
	}
	want := constant.StringVal(tv.Value)
	pkg := named.Obj().Pkg()
	var exact, folded []string
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok || !c.Exported() || !types.Identical(c.Type(), named) || c.Val().Kind() != constant.String {
			continue
		}
		switch got := constant.StringVal(c.Val()); {
		case got == want:
			exact = append(exact, name)
		case strings.EqualFold(got, want):
			folded = append(folded, name)
		}
	}
	match := exact
	if len(match) == 0 {
		match = folded
	}
	if len(match) != 1 {
		return "", errf("the new enum %s has %d constants of the value %q", named.Obj().Name(), len(match), want)
	}
	name, err := u.importName(pkg.Path(), pkg.Name())
	if err != nil {
		return "", err
	}
	return name + "." + match[0], nil
}

// literal converts a legacy model's composite literal (keyed) to the new
// model to. elided: the literal's type is elided in a slice or map.
func (u *unit) literal(lit *ast.CompositeLit, from *types.Struct, to types.Type, elided bool) (string, error) {
	r := u.r
	var fields []string
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return "", errf("a model literal without field names: not rewritten yet")
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return "", errf("a model literal's key is not a field name")
		}
		var f *types.Var
		var tag string
		for i := 0; i < from.NumFields(); i++ {
			if from.Field(i).Name() == key.Name {
				f, tag = from.Field(i), from.Tag(i)
			}
		}
		if f == nil {
			return "", errf("no legacy field %s", key.Name)
		}
		jn := jsonName(tag)
		if jn == "" || jn == "-" {
			return "", errf("the legacy field %s has no JSON name", key.Name)
		}
		path, nt := u.findField(to, jn)
		if nt == nil || len(path) != 1 {
			return "", errf("the new model %s has no field for the JSON name %q", types.TypeString(to, byName), jn)
		}
		v, err := u.convert(kv.Value, f.Type(), nt)
		if err != nil {
			return "", err
		}
		fields = append(fields, path[0]+": "+v)
	}
	body := "{" + strings.Join(fields, ", ") + "}"
	if len(lit.Elts) > 0 && r.fset.Position(lit.Lbrace).Line != r.fset.Position(lit.Rbrace).Line {
		body = "{\n" + strings.Join(fields, ",\n") + ",\n}"
	}
	if elided {
		return body, nil
	}
	t, err := u.typeString(to)
	if err != nil {
		return "", err
	}
	return t + body, nil
}

// sliceLiteral converts &[]T{...} to []*U{...} (or []string to []*string).
func (u *unit) sliceLiteral(lit *ast.CompositeLit, fromElem types.Type, to *types.Slice) (string, error) {
	t, err := u.typeString(to)
	if err != nil {
		return "", err
	}
	var elts []string
	for _, elt := range lit.Elts {
		var s string
		switch {
		case structOf(fromElem) != nil && isPointer(to.Elem()):
			cl, ok := elt.(*ast.CompositeLit)
			if !ok {
				return "", errf("an element %s built elsewhere: only literals are rewritten yet", u.r.text(elt))
			}
			s, err = u.literal(cl, structOf(fromElem), to.Elem().(*types.Pointer).Elem(), cl.Type == nil)
			if err == nil && cl.Type != nil {
				s = "&" + s
			}
		default:
			s, err = u.convert(elt, fromElem, to.Elem())
		}
		if err != nil {
			return "", err
		}
		elts = append(elts, s)
	}
	return t + "{" + strings.Join(elts, ", ") + "}", nil
}
