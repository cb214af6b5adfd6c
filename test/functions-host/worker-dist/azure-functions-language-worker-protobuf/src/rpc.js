/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
"use strict";

var $protobuf = require("protobufjs/light");

var $root = ($protobuf.roots["default"] || ($protobuf.roots["default"] = new $protobuf.Root()))
.setOptions({
  java_package: "com.microsoft.azure.functions.rpc.messages",
  java_multiple_files: true,
  java_outer_classname: "FunctionProto",
  csharp_namespace: "Microsoft.Azure.WebJobs.Script.Grpc.Messages",
  go_package: "github.com/Azure/azure-functions-go-worker/internal/rpc"
})
.addJSON({
  NullableString: {
    oneofs: {
      string: {
        oneof: [
          "value"
        ]
      }
    },
    fields: {
      value: {
        type: "string",
        id: 1
      }
    }
  },
  NullableDouble: {
    oneofs: {
      double: {
        oneof: [
          "value"
        ]
      }
    },
    fields: {
      value: {
        type: "double",
        id: 1
      }
    }
  },
  NullableBool: {
    oneofs: {
      bool: {
        oneof: [
          "value"
        ]
      }
    },
    fields: {
      value: {
        type: "bool",
        id: 1
      }
    }
  },
  NullableTimestamp: {
    oneofs: {
      timestamp: {
        oneof: [
          "value"
        ]
      }
    },
    fields: {
      value: {
        type: "google.protobuf.Timestamp",
        id: 1
      }
    }
  },
  RpcClaimsIdentity: {
    fields: {
      authenticationType: {
        type: "NullableString",
        id: 1
      },
      nameClaimType: {
        type: "NullableString",
        id: 2
      },
      roleClaimType: {
        type: "NullableString",
        id: 3
      },
      claims: {
        rule: "repeated",
        type: "RpcClaim",
        id: 4
      }
    }
  },
  RpcClaim: {
    fields: {
      value: {
        type: "string",
        id: 1
      },
      type: {
        type: "string",
        id: 2
      }
    }
  },
  AzureFunctionsRpcMessages: {
    nested: {
      FunctionRpc: {
        methods: {
          EventStream: {
            requestType: "StreamingMessage",
            requestStream: true,
            responseType: "StreamingMessage",
            responseStream: true
          }
        }
      },
      StreamingMessage: {
        oneofs: {
          content: {
            oneof: [
              "startStream",
              "workerInitRequest",
              "workerInitResponse",
              "workerHeartbeat",
              "workerTerminate",
              "workerStatusRequest",
              "workerStatusResponse",
              "fileChangeEventRequest",
              "workerActionResponse",
              "functionLoadRequest",
              "functionLoadResponse",
              "invocationRequest",
              "invocationResponse",
              "invocationCancel",
              "rpcLog",
              "functionEnvironmentReloadRequest",
              "functionEnvironmentReloadResponse",
              "closeSharedMemoryResourcesRequest",
              "closeSharedMemoryResourcesResponse",
              "functionsMetadataRequest",
              "functionMetadataResponse",
              "functionLoadRequestCollection",
              "functionLoadResponseCollection",
              "workerWarmupRequest",
              "workerWarmupResponse"
            ]
          }
        },
        fields: {
          requestId: {
            type: "string",
            id: 1
          },
          startStream: {
            type: "StartStream",
            id: 20
          },
          workerInitRequest: {
            type: "WorkerInitRequest",
            id: 17
          },
          workerInitResponse: {
            type: "WorkerInitResponse",
            id: 16
          },
          workerHeartbeat: {
            type: "WorkerHeartbeat",
            id: 15
          },
          workerTerminate: {
            type: "WorkerTerminate",
            id: 14
          },
          workerStatusRequest: {
            type: "WorkerStatusRequest",
            id: 12
          },
          workerStatusResponse: {
            type: "WorkerStatusResponse",
            id: 13
          },
          fileChangeEventRequest: {
            type: "FileChangeEventRequest",
            id: 6
          },
          workerActionResponse: {
            type: "WorkerActionResponse",
            id: 7
          },
          functionLoadRequest: {
            type: "FunctionLoadRequest",
            id: 8
          },
          functionLoadResponse: {
            type: "FunctionLoadResponse",
            id: 9
          },
          invocationRequest: {
            type: "InvocationRequest",
            id: 4
          },
          invocationResponse: {
            type: "InvocationResponse",
            id: 5
          },
          invocationCancel: {
            type: "InvocationCancel",
            id: 21
          },
          rpcLog: {
            type: "RpcLog",
            id: 2
          },
          functionEnvironmentReloadRequest: {
            type: "FunctionEnvironmentReloadRequest",
            id: 25
          },
          functionEnvironmentReloadResponse: {
            type: "FunctionEnvironmentReloadResponse",
            id: 26
          },
          closeSharedMemoryResourcesRequest: {
            type: "CloseSharedMemoryResourcesRequest",
            id: 27
          },
          closeSharedMemoryResourcesResponse: {
            type: "CloseSharedMemoryResourcesResponse",
            id: 28
          },
          functionsMetadataRequest: {
            type: "FunctionsMetadataRequest",
            id: 29
          },
          functionMetadataResponse: {
            type: "FunctionMetadataResponse",
            id: 30
          },
          functionLoadRequestCollection: {
            type: "FunctionLoadRequestCollection",
            id: 31
          },
          functionLoadResponseCollection: {
            type: "FunctionLoadResponseCollection",
            id: 32
          },
          workerWarmupRequest: {
            type: "WorkerWarmupRequest",
            id: 33
          },
          workerWarmupResponse: {
            type: "WorkerWarmupResponse",
            id: 34
          }
        }
      },
      StartStream: {
        fields: {
          workerId: {
            type: "string",
            id: 2
          }
        }
      },
      WorkerInitRequest: {
        fields: {
          hostVersion: {
            type: "string",
            id: 1
          },
          capabilities: {
            keyType: "string",
            type: "string",
            id: 2
          },
          logCategories: {
            keyType: "string",
            type: "RpcLog.Level",
            id: 3
          },
          workerDirectory: {
            type: "string",
            id: 4
          },
          functionAppDirectory: {
            type: "string",
            id: 5
          }
        }
      },
      WorkerInitResponse: {
        fields: {
          workerVersion: {
            type: "string",
            id: 1
          },
          capabilities: {
            keyType: "string",
            type: "string",
            id: 2
          },
          result: {
            type: "StatusResult",
            id: 3
          },
          workerMetadata: {
            type: "WorkerMetadata",
            id: 4
          }
        }
      },
      WorkerMetadata: {
        fields: {
          runtimeName: {
            type: "string",
            id: 1
          },
          runtimeVersion: {
            type: "string",
            id: 2
          },
          workerVersion: {
            type: "string",
            id: 3
          },
          workerBitness: {
            type: "string",
            id: 4
          },
          customProperties: {
            keyType: "string",
            type: "string",
            id: 5
          }
        }
      },
      StatusResult: {
        fields: {
          status: {
            type: "Status",
            id: 4
          },
          result: {
            type: "string",
            id: 1
          },
          exception: {
            type: "RpcException",
            id: 2
          },
          logs: {
            rule: "repeated",
            type: "RpcLog",
            id: 3
          }
        },
        nested: {
          Status: {
            values: {
              Failure: 0,
              Success: 1,
              Cancelled: 2
            }
          }
        }
      },
      WorkerHeartbeat: {
        fields: {}
      },
      WorkerTerminate: {
        fields: {
          gracePeriod: {
            type: "google.protobuf.Duration",
            id: 1
          }
        }
      },
      FileChangeEventRequest: {
        fields: {
          type: {
            type: "Type",
            id: 1
          },
          fullPath: {
            type: "string",
            id: 2
          },
          name: {
            type: "string",
            id: 3
          }
        },
        nested: {
          Type: {
            values: {
              Unknown: 0,
              Created: 1,
              Deleted: 2,
              Changed: 4,
              Renamed: 8,
              All: 15
            }
          }
        }
      },
      WorkerActionResponse: {
        fields: {
          action: {
            type: "Action",
            id: 1
          },
          reason: {
            type: "string",
            id: 2
          }
        },
        nested: {
          Action: {
            values: {
              Restart: 0,
              Reload: 1
            }
          }
        }
      },
      WorkerStatusRequest: {
        fields: {}
      },
      WorkerStatusResponse: {
        fields: {}
      },
      FunctionEnvironmentReloadRequest: {
        fields: {
          environmentVariables: {
            keyType: "string",
            type: "string",
            id: 1
          },
          functionAppDirectory: {
            type: "string",
            id: 2
          }
        }
      },
      FunctionEnvironmentReloadResponse: {
        fields: {
          workerMetadata: {
            type: "WorkerMetadata",
            id: 1
          },
          capabilities: {
            keyType: "string",
            type: "string",
            id: 2
          },
          result: {
            type: "StatusResult",
            id: 3
          },
          capabilitiesUpdateStrategy: {
            type: "CapabilitiesUpdateStrategy",
            id: 4
          }
        },
        nested: {
          CapabilitiesUpdateStrategy: {
            values: {
              merge: 0,
              replace: 1
            }
          }
        }
      },
      CloseSharedMemoryResourcesRequest: {
        fields: {
          mapNames: {
            rule: "repeated",
            type: "string",
            id: 1
          }
        }
      },
      CloseSharedMemoryResourcesResponse: {
        fields: {
          closeMapResults: {
            keyType: "string",
            type: "bool",
            id: 1
          }
        }
      },
      FunctionLoadRequestCollection: {
        fields: {
          functionLoadRequests: {
            rule: "repeated",
            type: "FunctionLoadRequest",
            id: 1
          }
        }
      },
      FunctionLoadResponseCollection: {
        fields: {
          functionLoadResponses: {
            rule: "repeated",
            type: "FunctionLoadResponse",
            id: 1
          }
        }
      },
      FunctionLoadRequest: {
        fields: {
          functionId: {
            type: "string",
            id: 1
          },
          metadata: {
            type: "RpcFunctionMetadata",
            id: 2
          },
          managedDependencyEnabled: {
            type: "bool",
            id: 3
          }
        }
      },
      FunctionLoadResponse: {
        fields: {
          functionId: {
            type: "string",
            id: 1
          },
          result: {
            type: "StatusResult",
            id: 2
          },
          isDependencyDownloaded: {
            type: "bool",
            id: 3
          }
        }
      },
      RpcFunctionMetadata: {
        fields: {
          name: {
            type: "string",
            id: 4
          },
          directory: {
            type: "string",
            id: 1
          },
          scriptFile: {
            type: "string",
            id: 2
          },
          entryPoint: {
            type: "string",
            id: 3
          },
          bindings: {
            keyType: "string",
            type: "BindingInfo",
            id: 6
          },
          isProxy: {
            type: "bool",
            id: 7
          },
          status: {
            type: "StatusResult",
            id: 8
          },
          language: {
            type: "string",
            id: 9
          },
          rawBindings: {
            rule: "repeated",
            type: "string",
            id: 10
          },
          functionId: {
            type: "string",
            id: 13
          },
          managedDependencyEnabled: {
            type: "bool",
            id: 14
          },
          retryOptions: {
            type: "RpcRetryOptions",
            id: 15
          },
          properties: {
            keyType: "string",
            type: "string",
            id: 16
          }
        }
      },
      FunctionsMetadataRequest: {
        fields: {
          functionAppDirectory: {
            type: "string",
            id: 1
          }
        }
      },
      FunctionMetadataResponse: {
        fields: {
          functionMetadataResults: {
            rule: "repeated",
            type: "RpcFunctionMetadata",
            id: 1
          },
          result: {
            type: "StatusResult",
            id: 2
          },
          useDefaultMetadataIndexing: {
            type: "bool",
            id: 3
          }
        }
      },
      InvocationRequest: {
        fields: {
          invocationId: {
            type: "string",
            id: 1
          },
          functionId: {
            type: "string",
            id: 2
          },
          inputData: {
            rule: "repeated",
            type: "ParameterBinding",
            id: 3
          },
          triggerMetadata: {
            keyType: "string",
            type: "TypedData",
            id: 4
          },
          traceContext: {
            type: "RpcTraceContext",
            id: 5
          },
          retryContext: {
            type: "RetryContext",
            id: 6
          }
        }
      },
      RpcTraceContext: {
        fields: {
          traceParent: {
            type: "string",
            id: 1
          },
          traceState: {
            type: "string",
            id: 2
          },
          attributes: {
            keyType: "string",
            type: "string",
            id: 3
          }
        }
      },
      RetryContext: {
        fields: {
          retryCount: {
            type: "int32",
            id: 1
          },
          maxRetryCount: {
            type: "int32",
            id: 2
          },
          exception: {
            type: "RpcException",
            id: 3
          }
        }
      },
      InvocationCancel: {
        fields: {
          invocationId: {
            type: "string",
            id: 2
          },
          gracePeriod: {
            type: "google.protobuf.Duration",
            id: 1
          }
        }
      },
      InvocationResponse: {
        fields: {
          invocationId: {
            type: "string",
            id: 1
          },
          outputData: {
            rule: "repeated",
            type: "ParameterBinding",
            id: 2
          },
          returnValue: {
            type: "TypedData",
            id: 4
          },
          result: {
            type: "StatusResult",
            id: 3
          }
        }
      },
      WorkerWarmupRequest: {
        fields: {
          workerDirectory: {
            type: "string",
            id: 1
          }
        }
      },
      WorkerWarmupResponse: {
        fields: {
          result: {
            type: "StatusResult",
            id: 1
          }
        }
      },
      TypedData: {
        oneofs: {
          data: {
            oneof: [
              "string",
              "json",
              "bytes",
              "stream",
              "http",
              "int",
              "double",
              "collectionBytes",
              "collectionString",
              "collectionDouble",
              "collectionSint64",
              "modelBindingData",
              "collectionModelBindingData"
            ]
          }
        },
        fields: {
          string: {
            type: "string",
            id: 1
          },
          json: {
            type: "string",
            id: 2
          },
          bytes: {
            type: "bytes",
            id: 3
          },
          stream: {
            type: "bytes",
            id: 4
          },
          http: {
            type: "RpcHttp",
            id: 5
          },
          int: {
            type: "sint64",
            id: 6
          },
          double: {
            type: "double",
            id: 7
          },
          collectionBytes: {
            type: "CollectionBytes",
            id: 8
          },
          collectionString: {
            type: "CollectionString",
            id: 9
          },
          collectionDouble: {
            type: "CollectionDouble",
            id: 10
          },
          collectionSint64: {
            type: "CollectionSInt64",
            id: 11
          },
          modelBindingData: {
            type: "ModelBindingData",
            id: 12
          },
          collectionModelBindingData: {
            type: "CollectionModelBindingData",
            id: 13
          }
        }
      },
      RpcDataType: {
        values: {
          unknown: 0,
          string: 1,
          json: 2,
          bytes: 3,
          stream: 4,
          http: 5,
          int: 6,
          double: 7,
          collection_bytes: 8,
          collection_string: 9,
          collection_double: 10,
          collection_sint64: 11
        }
      },
      RpcSharedMemory: {
        fields: {
          name: {
            type: "string",
            id: 1
          },
          offset: {
            type: "int64",
            id: 2
          },
          count: {
            type: "int64",
            id: 3
          },
          type: {
            type: "RpcDataType",
            id: 4
          }
        }
      },
      CollectionString: {
        fields: {
          string: {
            rule: "repeated",
            type: "string",
            id: 1
          }
        }
      },
      CollectionBytes: {
        fields: {
          bytes: {
            rule: "repeated",
            type: "bytes",
            id: 1
          }
        }
      },
      CollectionDouble: {
        fields: {
          double: {
            rule: "repeated",
            type: "double",
            id: 1
          }
        }
      },
      CollectionSInt64: {
        fields: {
          sint64: {
            rule: "repeated",
            type: "sint64",
            id: 1
          }
        }
      },
      ParameterBinding: {
        oneofs: {
          rpcData: {
            oneof: [
              "data",
              "rpcSharedMemory"
            ]
          }
        },
        fields: {
          name: {
            type: "string",
            id: 1
          },
          data: {
            type: "TypedData",
            id: 2
          },
          rpcSharedMemory: {
            type: "RpcSharedMemory",
            id: 3
          }
        }
      },
      BindingInfo: {
        fields: {
          type: {
            type: "string",
            id: 2
          },
          direction: {
            type: "Direction",
            id: 3
          },
          dataType: {
            type: "DataType",
            id: 4
          },
          properties: {
            keyType: "string",
            type: "string",
            id: 5
          }
        },
        nested: {
          Direction: {
            values: {
              "in": 0,
              out: 1,
              inout: 2
            }
          },
          DataType: {
            values: {
              undefined: 0,
              string: 1,
              binary: 2,
              stream: 3
            }
          }
        }
      },
      RpcLog: {
        fields: {
          invocationId: {
            type: "string",
            id: 1
          },
          category: {
            type: "string",
            id: 2
          },
          level: {
            type: "Level",
            id: 3
          },
          message: {
            type: "string",
            id: 4
          },
          eventId: {
            type: "string",
            id: 5
          },
          exception: {
            type: "RpcException",
            id: 6
          },
          properties: {
            type: "string",
            id: 7
          },
          logCategory: {
            type: "RpcLogCategory",
            id: 8
          },
          propertiesMap: {
            keyType: "string",
            type: "TypedData",
            id: 9
          }
        },
        nested: {
          Level: {
            values: {
              Trace: 0,
              Debug: 1,
              Information: 2,
              Warning: 3,
              Error: 4,
              Critical: 5,
              None: 6
            }
          },
          RpcLogCategory: {
            values: {
              User: 0,
              System: 1,
              CustomMetric: 2
            }
          }
        }
      },
      RpcException: {
        fields: {
          source: {
            type: "string",
            id: 3
          },
          stackTrace: {
            type: "string",
            id: 1
          },
          message: {
            type: "string",
            id: 2
          },
          isUserException: {
            type: "bool",
            id: 4
          },
          type: {
            type: "string",
            id: 5
          }
        }
      },
      RpcHttpCookie: {
        fields: {
          name: {
            type: "string",
            id: 1
          },
          value: {
            type: "string",
            id: 2
          },
          domain: {
            type: "NullableString",
            id: 3
          },
          path: {
            type: "NullableString",
            id: 4
          },
          expires: {
            type: "NullableTimestamp",
            id: 5
          },
          secure: {
            type: "NullableBool",
            id: 6
          },
          httpOnly: {
            type: "NullableBool",
            id: 7
          },
          sameSite: {
            type: "SameSite",
            id: 8
          },
          maxAge: {
            type: "NullableDouble",
            id: 9
          }
        },
        nested: {
          SameSite: {
            values: {
              None: 0,
              Lax: 1,
              Strict: 2,
              ExplicitNone: 3
            }
          }
        }
      },
      RpcHttp: {
        fields: {
          method: {
            type: "string",
            id: 1
          },
          url: {
            type: "string",
            id: 2
          },
          headers: {
            keyType: "string",
            type: "string",
            id: 3
          },
          body: {
            type: "TypedData",
            id: 4
          },
          params: {
            keyType: "string",
            type: "string",
            id: 10
          },
          statusCode: {
            type: "string",
            id: 12
          },
          query: {
            keyType: "string",
            type: "string",
            id: 15
          },
          enableContentNegotiation: {
            type: "bool",
            id: 16
          },
          rawBody: {
            type: "TypedData",
            id: 17
          },
          identities: {
            rule: "repeated",
            type: "RpcClaimsIdentity",
            id: 18
          },
          cookies: {
            rule: "repeated",
            type: "RpcHttpCookie",
            id: 19
          },
          nullableHeaders: {
            keyType: "string",
            type: "NullableString",
            id: 20
          },
          nullableParams: {
            keyType: "string",
            type: "NullableString",
            id: 21
          },
          nullableQuery: {
            keyType: "string",
            type: "NullableString",
            id: 22
          }
        }
      },
      ModelBindingData: {
        fields: {
          version: {
            type: "string",
            id: 1
          },
          source: {
            type: "string",
            id: 2
          },
          contentType: {
            type: "string",
            id: 3
          },
          content: {
            type: "bytes",
            id: 4
          }
        }
      },
      CollectionModelBindingData: {
        fields: {
          modelBindingData: {
            rule: "repeated",
            type: "ModelBindingData",
            id: 1
          }
        }
      },
      RpcRetryOptions: {
        fields: {
          maxRetryCount: {
            type: "int32",
            id: 2
          },
          delayInterval: {
            type: "google.protobuf.Duration",
            id: 3
          },
          minimumInterval: {
            type: "google.protobuf.Duration",
            id: 4
          },
          maximumInterval: {
            type: "google.protobuf.Duration",
            id: 5
          },
          retryStrategy: {
            type: "RetryStrategy",
            id: 6
          }
        },
        nested: {
          RetryStrategy: {
            values: {
              exponential_backoff: 0,
              fixed_delay: 1
            }
          }
        }
      }
    }
  },
  google: {
    nested: {
      protobuf: {
        nested: {
          Timestamp: {
            fields: {
              seconds: {
                type: "int64",
                id: 1
              },
              nanos: {
                type: "int32",
                id: 2
              }
            }
          },
          Duration: {
            fields: {
              seconds: {
                type: "int64",
                id: 1
              },
              nanos: {
                type: "int32",
                id: 2
              }
            }
          }
        }
      }
    }
  }
});

module.exports = $root;
