package shadowed

type fakeAdal struct{}

func (fakeAdal) NewServicePrincipalToken() error { return nil }

// NewBearerAuthorizerCallback is this package's own.
func NewBearerAuthorizerCallback() {}

func f() {
	adal := fakeAdal{}
	_ = adal.NewServicePrincipalToken()
	NewBearerAuthorizerCallback()
}
