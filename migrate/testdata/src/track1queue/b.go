package track1queue

import "github.com/Azure/azure-storage-queue-go/azqueue"

// No account resource in sight: the diagnostic says when to set the scope.
func general(token string) azqueue.TokenCredential {
	return azqueue.NewTokenCredential(token, nil) // want `its tokens are for https://storage.azure.com by default, and if the token was asked for the account's own resource \(https://<account>.queue.core.windows.net\), keep that audience`
}
