package migrate

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// storageRefreshers are the track-1 Storage libraries whose TokenCredential
// takes a refresher written by hand, and the credwrapper adapter for each.
var storageRefreshers = map[string]struct{ lib, adapter, host string }{
	"github.com/Azure/azure-storage-blob-go/azblob":   {"azblob", "legacyblob", ".blob."},
	"github.com/Azure/azure-storage-queue-go/azqueue": {"azqueue", "legacyqueue", ".queue."},
}

// jwtProviders are amqp-common's AAD token providers, and the credwrapper
// adapter giving the same major version's auth.TokenProvider.
var jwtProviders = map[string]struct{ version, adapter, service, note string }{
	"github.com/Azure/azure-amqp-common-go/v3/aad": {"v3", "legacyservicebus", "Service Bus", "; aad's default resource was Event Hubs': for azure-event-hubs-go releases on amqp-common v3, set Options.Scope to legacyeventhubs.Scope"},
	"github.com/Azure/azure-amqp-common-go/v4/aad": {"v4", "legacyeventhubs", "Event Hubs", ""},
}

// checkTrack1 reports the hand-written refreshers of the track-1 Storage and
// messaging clients. None gets a fix: the adapters take a
// credwrapper.CredentialWrapper the code does not have yet, and return an
// error the call did not.
func (c *fileChecker) checkTrack1(call *ast.CallExpr, fn *types.Func) {
	path := fn.Pkg().Path()
	if s, ok := storageRefreshers[path]; ok && fn.Name() == "NewTokenCredential" {
		scope := "if the token was asked for the account's own resource (https://<account>" + s.host + "core.windows.net), keep that audience: " +
			s.adapter + ".Options{Scope: credwrapper.ScopeFromResource(resource)}"
		if r, whole := c.accountResource(s.host); whole {
			scope = fmt.Sprintf("this file asks for the account's own resource: keep that audience with %s.Options{Scope: credwrapper.ScopeFromResource(%s)}", s.adapter, r)
		} else if r != "" {
			scope = fmt.Sprintf("this file builds the account's own resource (from %s): keep that audience with %s.Options{Scope: credwrapper.ScopeFromResource(resource)}", r, s.adapter)
		}
		c.report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(),
			Message: fmt.Sprintf("%s.NewTokenCredential with a refresher written by hand: use %s.NewCredential(w, opts) from github.com/azcompat/credwrapper/%s, which refreshes through a credwrapper.CredentialWrapper at the token's refresh time and stops with Stop; "+
				"its tokens are for https://storage.azure.com by default, and %s", s.lib, s.adapter, s.adapter, scope)})
		return
	}
	if p, ok := jwtProviders[path]; ok && fn.Name() == "NewJWTProvider" {
		scope := ""
		if r := c.resourceOption(call); r != "" {
			scope = fmt.Sprintf("; keep the resource it sets with Options{Scope: credwrapper.ScopeFromResource(%s)}", r)
		}
		c.report(analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(),
			Message: fmt.Sprintf("aad.NewJWTProvider (amqp-common %s) gets its tokens through adal: use %s.NewTokenProvider(w, opts) from github.com/azcompat/credwrapper/%s, amqp-common %s's auth.TokenProvider with %s tokens from a credwrapper.CredentialWrapper%s%s",
				p.version, p.adapter, p.adapter, p.version, p.service, scope, p.note)})
	}
}

// accountResource returns the first string literal of the file naming a
// Storage account's own endpoint for the service of host (".blob."), as
// written, and whether it is the whole resource (https://<account>.blob...)
// rather than a part or a format of it; "" if there is none.
func (c *fileChecker) accountResource(host string) (lit string, whole bool) {
	ast.Inspect(c.file, func(n ast.Node) bool {
		b, ok := n.(*ast.BasicLit)
		if !ok || lit != "" {
			return lit == ""
		}
		if tv, ok := c.pass.TypesInfo.Types[b]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			if v := constant.StringVal(tv.Value); strings.Contains(v, host[1:]+"core.") {
				lit = strconv.Quote(v)
				whole = strings.HasPrefix(v, "https://") && strings.Contains(v, host) && !strings.Contains(v, "%")
			}
		}
		return true
	})
	return lit, whole
}

// resourceOption returns the argument of an aad.JWTProviderWithResourceURI
// option passed to call, as written, or "".
func (c *fileChecker) resourceOption(call *ast.CallExpr) string {
	for _, a := range call.Args {
		opt, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok || len(opt.Args) != 1 {
			continue
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, opt).(*types.Func); ok && fn.Name() == "JWTProviderWithResourceURI" {
			return types.ExprString(opt.Args[0])
		}
	}
	return ""
}
