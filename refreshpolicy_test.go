package credwrapper

import "github.com/azcompat/credwrapper/internal/tokentime"

// The refresh policy lives in internal/tokentime, table-tested there. The
// cache's tests use its constants under these names.
const (
	maxExpiryMargin     = tokentime.MaxExpiryMargin
	refreshBackoff      = tokentime.RefreshBackoff
	firstFailureBackoff = tokentime.FirstFailureBackoff
	maxFailureBackoff   = tokentime.MaxFailureBackoff
)
