package inventory

import (
	"fmt"

	"golang.org/x/tools/go/packages"
)

// LoadMode is what the inventory needs of the packages it reads: their
// syntax and types. Their dependencies' types come from the compiler's
// export data, not from source: loading the legacy SDK's packages from
// source would cost many times the time and memory of the code itself.
const LoadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo

// LoadPackages loads the packages matching patterns for [Inventory] (or
// [Analyze]): cfg's settings (Dir, Env, Tests, BuildFlags...) with
// [LoadMode] added to its Mode. Packages with errors are returned with
// them, as [packages.Load] does; see [packages.PrintErrors].
func LoadPackages(cfg *packages.Config, patterns ...string) ([]*packages.Package, error) {
	c := *cfg
	c.Mode |= LoadMode
	pkgs, err := packages.Load(&c, patterns...)
	if err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	return pkgs, nil
}

// Analyze finds the legacy calls and credwrapper uses of one package loaded
// with at least [LoadMode]: what the [Analyzer] finds in it, without the
// go/analysis driver.
func Analyze(pkg *packages.Package) (*Result, error) {
	if pkg.Types == nil || pkg.TypesInfo == nil || pkg.Fset == nil {
		return nil, fmt.Errorf("inventory: %s: loaded without its syntax and types (see LoadMode)", pkg.PkgPath)
	}
	res, _, err := find(pkg.Fset, pkg.Syntax, pkg.TypesInfo)
	if err != nil {
		return nil, fmt.Errorf("inventory: %s: %w", pkg.PkgPath, err)
	}
	return res, nil
}
