package main

// The track-1 data-plane clients and v68's Event Grid publisher share no
// REST description with their successors that the generator could match on
// (Event Hubs and Service Bus speak AMQP; the storage clients wrap their
// generated code in hand-written URL types; the Event Grid publisher posts
// to its topic's endpoint, with no path of its own), so their mapping is
// written here, by type and method. The symbol test checks that every name
// on the right exists in the pinned modules.

const (
	azblob       = "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	azqueue      = "github.com/Azure/azure-sdk-for-go/sdk/storage/azqueue"
	azeventhubs  = "github.com/Azure/azure-sdk-for-go/sdk/messaging/azeventhubs/v2"
	azservicebus = "github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	armeventhub  = rm + "eventhub/armeventhub"
	azeventgrid  = "github.com/Azure/azure-sdk-for-go/sdk/messaging/eventgrid/azeventgrid"
)

// A curatedClient names a replacement client: package, type, constructor
// ("(*Parent).Method" when another client builds it).
type curatedClient struct{ pkg, typ, ctor string }

// A curatedTarget is the replacement of one legacy method or function.
type curatedTarget struct {
	client curatedClient
	method string
}

// A curatedType is one legacy type (or, with the name "", the package's
// functions) and its replacements.
type curatedType struct {
	client  curatedClient
	methods map[string]curatedTarget
}

var (
	blobService   = curatedClient{azblob + "/service", "Client", "NewClient"}
	blobContainer = curatedClient{azblob + "/container", "Client", "NewClient"}
	blobBlob      = curatedClient{azblob + "/blob", "Client", "NewClient"}
	blobBlock     = curatedClient{azblob + "/blockblob", "Client", "NewClient"}
	queueService  = curatedClient{azqueue, "ServiceClient", "NewServiceClient"}
	queueQueue    = curatedClient{azqueue, "QueueClient", "NewQueueClient"}
	ehProducer    = curatedClient{azeventhubs, "ProducerClient", "NewProducerClient"}
	ehConsumer    = curatedClient{azeventhubs, "ConsumerClient", "NewConsumerClient"}
	ehHubs        = curatedClient{armeventhub, "EventHubsClient", "NewEventHubsClient"}
	sbClient      = curatedClient{azservicebus, "Client", "NewClient"}
	sbSender      = curatedClient{azservicebus, "Sender", "(*Client).NewSender"}
	sbReceiver    = curatedClient{azservicebus, "Receiver", "(*Client).NewReceiverForQueue"}
	sbAdmin       = curatedClient{azservicebus + "/admin", "Client", "NewClient"}
	egPublisher   = curatedClient{azeventgrid, "Client", "NewClient"}
)

func to(c curatedClient, m string) curatedTarget { return curatedTarget{c, m} }

var curated = map[string]map[string]curatedType{
	// The Event Grid publisher's new client takes the topic's endpoint in
	// its constructor; its operations have no path of their own.
	v68 + "/services/eventgrid/2018-01-01/eventgrid": {
		"BaseClient": {egPublisher, map[string]curatedTarget{
			"PublishEvents":            to(egPublisher, "PublishEvents"),
			"PublishCloudEventEvents":  to(egPublisher, "PublishCloudEvents"),
			"PublishCustomEventEvents": to(egPublisher, "PublishCustomEventEvents"),
		}},
	},
	"github.com/Azure/azure-storage-blob-go/azblob": {
		"": {blobBlock, map[string]curatedTarget{
			"UploadBufferToBlockBlob": to(blobBlock, "UploadBuffer"),
			"UploadFileToBlockBlob":   to(blobBlock, "UploadFile"),
			"UploadStreamToBlockBlob": to(blobBlock, "UploadStream"),
			"DownloadBlobToBuffer":    to(blobBlob, "DownloadBuffer"),
			"DownloadBlobToFile":      to(blobBlob, "DownloadFile"),
		}},
		"ServiceURL": {blobService, map[string]curatedTarget{
			"ListContainersSegment": to(blobService, "NewListContainersPager"),
			"GetProperties":         to(blobService, "GetProperties"),
			"SetProperties":         to(blobService, "SetProperties"),
			"NewContainerURL":       to(blobService, "NewContainerClient"),
		}},
		"ContainerURL": {blobContainer, map[string]curatedTarget{
			"Create":                    to(blobContainer, "Create"),
			"Delete":                    to(blobContainer, "Delete"),
			"GetProperties":             to(blobContainer, "GetProperties"),
			"SetMetadata":               to(blobContainer, "SetMetadata"),
			"GetAccessPolicy":           to(blobContainer, "GetAccessPolicy"),
			"SetAccessPolicy":           to(blobContainer, "SetAccessPolicy"),
			"ListBlobsFlatSegment":      to(blobContainer, "NewListBlobsFlatPager"),
			"ListBlobsHierarchySegment": to(blobContainer, "NewListBlobsHierarchyPager"),
			"NewBlobURL":                to(blobContainer, "NewBlobClient"),
			"NewBlockBlobURL":           to(blobContainer, "NewBlockBlobClient"),
		}},
		"BlobURL": {blobBlob, map[string]curatedTarget{
			"Download":         to(blobBlob, "DownloadStream"),
			"Delete":           to(blobBlob, "Delete"),
			"Undelete":         to(blobBlob, "Undelete"),
			"GetProperties":    to(blobBlob, "GetProperties"),
			"SetMetadata":      to(blobBlob, "SetMetadata"),
			"SetTier":          to(blobBlob, "SetTier"),
			"CreateSnapshot":   to(blobBlob, "CreateSnapshot"),
			"StartCopyFromURL": to(blobBlob, "StartCopyFromURL"),
			"ToBlockBlobURL":   to(blobContainer, "NewBlockBlobClient"),
		}},
		"BlockBlobURL": {blobBlock, map[string]curatedTarget{
			"Upload":          to(blobBlock, "Upload"),
			"StageBlock":      to(blobBlock, "StageBlock"),
			"CommitBlockList": to(blobBlock, "CommitBlockList"),
			"GetBlockList":    to(blobBlock, "GetBlockList"),
			"Download":        to(blobBlock, "DownloadStream"),
			"Delete":          to(blobBlock, "Delete"),
			"GetProperties":   to(blobBlock, "GetProperties"),
			"SetMetadata":     to(blobBlock, "SetMetadata"),
		}},
	},
	"github.com/Azure/azure-storage-queue-go/azqueue": {
		"ServiceURL": {queueService, map[string]curatedTarget{
			"ListQueuesSegment": to(queueService, "NewListQueuesPager"),
			"GetProperties":     to(queueService, "GetServiceProperties"),
			"SetProperties":     to(queueService, "SetProperties"),
			"NewQueueURL":       to(queueService, "NewQueueClient"),
		}},
		"QueueURL": {queueQueue, map[string]curatedTarget{
			"Create":          to(queueQueue, "Create"),
			"Delete":          to(queueQueue, "Delete"),
			"GetProperties":   to(queueQueue, "GetProperties"),
			"SetMetadata":     to(queueQueue, "SetMetadata"),
			"GetAccessPolicy": to(queueQueue, "GetAccessPolicy"),
			"SetAccessPolicy": to(queueQueue, "SetAccessPolicy"),
		}},
		"MessagesURL": {queueQueue, map[string]curatedTarget{
			"Enqueue": to(queueQueue, "EnqueueMessage"),
			"Dequeue": to(queueQueue, "DequeueMessages"),
			"Peek":    to(queueQueue, "PeekMessages"),
			"Clear":   to(queueQueue, "ClearMessages"),
		}},
		"MessageIDURL": {queueQueue, map[string]curatedTarget{
			"Delete": to(queueQueue, "DeleteMessage"),
			"Update": to(queueQueue, "UpdateMessage"),
		}},
	},
	"github.com/Azure/azure-event-hubs-go/v3": {
		"": {ehProducer, map[string]curatedTarget{
			"NewHub":                                to(ehProducer, "NewProducerClient"),
			"NewHubFromConnectionString":            to(ehProducer, "NewProducerClientFromConnectionString"),
			"NewHubFromEnvironment":                 to(ehProducer, "NewProducerClient"),
			"NewHubWithNamespaceNameAndEnvironment": to(ehProducer, "NewProducerClient"),
			"NewHubManagerFromConnectionString":     to(ehHubs, "NewEventHubsClient"),
			"NewHubManagerFromAzureEnvironment":     to(ehHubs, "NewEventHubsClient"),
		}},
		"Hub": {ehProducer, map[string]curatedTarget{
			"Send":                    to(ehProducer, "SendEventDataBatch"),
			"SendBatch":               to(ehProducer, "SendEventDataBatch"),
			"Receive":                 to(ehConsumer, "NewPartitionClient"),
			"GetRuntimeInformation":   to(ehProducer, "GetEventHubProperties"),
			"GetPartitionInformation": to(ehProducer, "GetPartitionProperties"),
			"Close":                   to(ehProducer, "Close"),
		}},
		"HubManager": {ehHubs, map[string]curatedTarget{
			"Put":    to(ehHubs, "CreateOrUpdate"),
			"Get":    to(ehHubs, "Get"),
			"Delete": to(ehHubs, "Delete"),
			"List":   to(ehHubs, "NewListByNamespacePager"),
		}},
	},
	"github.com/Azure/azure-service-bus-go": {
		"": {sbClient, map[string]curatedTarget{
			"NewNamespace": to(sbClient, "NewClient"),
		}},
		"Namespace": {sbClient, map[string]curatedTarget{
			"NewQueue":        to(sbClient, "NewSender"),
			"NewTopic":        to(sbClient, "NewSender"),
			"NewQueueManager": to(sbAdmin, "NewClient"),
			"NewTopicManager": to(sbAdmin, "NewClient"),
		}},
		"Queue": {sbSender, map[string]curatedTarget{
			"Send":       to(sbSender, "SendMessage"),
			"SendBatch":  to(sbSender, "SendMessageBatch"),
			"Receive":    to(sbReceiver, "ReceiveMessages"),
			"ReceiveOne": to(sbReceiver, "ReceiveMessages"),
			"Close":      to(sbSender, "Close"),
		}},
		"Topic": {sbSender, map[string]curatedTarget{
			"Send":  to(sbSender, "SendMessage"),
			"Close": to(sbSender, "Close"),
		}},
		"QueueManager": {sbAdmin, map[string]curatedTarget{
			"Put":    to(sbAdmin, "CreateQueue"),
			"Get":    to(sbAdmin, "GetQueue"),
			"Delete": to(sbAdmin, "DeleteQueue"),
			"List":   to(sbAdmin, "NewListQueuesPager"),
		}},
	},
}
