// Package aad is a stub of a v68 service the mapping does not cover.
package aad

import "context"

type DomainServicesClient struct{}

func NewDomainServicesClient(subscriptionID string) DomainServicesClient {
	return DomainServicesClient{}
}

func (DomainServicesClient) Get(ctx context.Context, name string) error { return nil }
