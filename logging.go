package credwrapper

import (
	"net/http"
	"strings"

	"github.com/Azure/go-autorest/logger"
)

// RedactAuxiliaryTokens wraps a go-autorest log writer so that the
// x-ms-authorization-auxiliary header, which carries the bearer tokens of
// auxiliary tenants, is logged as **REDACTED**. go-autorest's own request
// logging (AZURE_GO_SDK_LOG_LEVEL=info or higher) redacts Authorization but
// logs that header in clear. Install it once, at start-up:
//
//	logger.Instance = credwrapper.RedactAuxiliaryTokens(logger.Instance)
func RedactAuxiliaryTokens(w logger.Writer) logger.Writer {
	return redactingWriter{w}
}

type redactingWriter struct{ logger.Writer }

// WriteRequest redacts the auxiliary tokens, then applies the caller's filter.
func (r redactingWriter) WriteRequest(req *http.Request, filter logger.Filter) {
	inner := filter.Header
	filter.Header = func(k string, v []string) (bool, []string) {
		if strings.EqualFold(k, headerAuxiliaryAuthorization) || strings.EqualFold(k, headerAuthorization) {
			v = []string{"**REDACTED**"}
		}
		if inner != nil {
			return inner(k, v)
		}
		return true, v
	}
	r.Writer.WriteRequest(req, filter)
}
