"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.CreateGrpcEventStream = void 0;
const grpc = require("@grpc/grpc-js");
const grpcloader = require("@grpc/proto-loader");
// import protobufjs json descriptor
const jsonModule = require("../azure-functions-language-worker-protobuf/src/rpc");
function GetGrpcClientConstructor() {
    const packageDef = grpcloader.fromJSON(jsonModule, {
        objects: true,
        defaults: true,
        oneofs: true,
    });
    const serviceDef = packageDef['AzureFunctionsRpcMessages.FunctionRpc'];
    const clientConstructor = grpc.makeClientConstructor(serviceDef, 'FunctionRpc');
    return clientConstructor;
}
function CreateGrpcEventStream(connection, grpcMaxMessageLength) {
    const constructor = GetGrpcClientConstructor();
    const clientOptions = {
        'grpc.max_send_message_length': grpcMaxMessageLength,
        'grpc.max_receive_message_length': grpcMaxMessageLength,
    };
    const client = new constructor(connection, grpc.credentials.createInsecure(), clientOptions);
    process.on('exit', () => {
        grpc.closeClient(client);
    });
    const eventStream = client.eventStream();
    eventStream.on('end', function () {
        eventStream.end();
        process.exit();
    });
    return eventStream;
}
exports.CreateGrpcEventStream = CreateGrpcEventStream;
//# sourceMappingURL=GrpcClient.js.map