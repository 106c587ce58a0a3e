package importaliased

import (
	"fmt"

	azauth "github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`
)

func f() { fmt.Println(azauth.NewAuthorizerFromEnvironment()) }
