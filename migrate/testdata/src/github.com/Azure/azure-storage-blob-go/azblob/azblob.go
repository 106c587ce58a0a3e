// Package azblob is a stub of azure-storage-blob-go's azblob for the analyzer's tests.
package azblob

import "time"

type TokenCredential interface{ SetToken(string) }
type TokenRefresher func(credential TokenCredential) time.Duration

func NewTokenCredential(initialToken string, tokenRefresher TokenRefresher) TokenCredential {
	return nil
}
