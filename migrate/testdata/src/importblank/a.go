package importblank

import _ "github.com/Azure/go-autorest/autorest/azure/auth" // want `drop-in twin`
