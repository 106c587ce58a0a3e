package track1queue

import (
	"fmt"
	"time"

	"github.com/Azure/azure-storage-queue-go/azqueue"
)

func resource(account string) string {
	return fmt.Sprintf("https://%s.queue.core.windows.net", account)
}

func credential(token func(resource string) string, account string) azqueue.TokenCredential {
	return azqueue.NewTokenCredential(token(resource(account)), func(tc azqueue.TokenCredential) time.Duration { // want `^azqueue.NewTokenCredential with a refresher written by hand: use legacyqueue.NewCredential\(w, opts\) .* this file builds the account's own resource \(from "https://%s.queue.core.windows.net"\): keep that audience with legacyqueue.Options\{Scope: credwrapper.ScopeFromResource\(resource\)\}$`
		tc.SetToken(token(resource(account)))
		return time.Minute
	})
}
