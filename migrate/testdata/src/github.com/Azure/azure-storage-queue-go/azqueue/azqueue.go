// Package azqueue is a stub of azure-storage-queue-go's azqueue for the analyzer's tests.
package azqueue

import "time"

type TokenCredential interface{ SetToken(string) }
type TokenRefresher func(credential TokenCredential) time.Duration

func NewTokenCredential(initialToken string, tokenRefresher TokenRefresher) TokenCredential {
	return nil
}
