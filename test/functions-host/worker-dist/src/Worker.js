"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.startNodeWorker = void 0;
const parseArgs = require("minimist");
const errors_1 = require("./errors");
const GrpcClient_1 = require("./GrpcClient");
const setupCoreModule_1 = require("./setupCoreModule");
const setupEventStream_1 = require("./setupEventStream");
const blockedMonitor_1 = require("./utils/blockedMonitor");
const Logger_1 = require("./utils/Logger");
const util_1 = require("./utils/util");
const WorkerContext_1 = require("./WorkerContext");
function startNodeWorker(args) {
    const parsedArgs = parseArgs(args.slice(2));
    const uri = parsedArgs['functions-uri'];
    const workerId = parsedArgs['functions-worker-id'];
    const requestId = parsedArgs['functions-request-id'];
    const grpcMaxMessageLength = parsedArgs['functions-grpc-max-message-length'];
    if (!uri || !workerId || !requestId || !grpcMaxMessageLength) {
        (0, Logger_1.systemLog)('usage --functions-uri uri --functions-worker-id workerId --functions-request-id requestId --functions-grpc-max-message-length grpcMaxMessageLength');
        // Find which arguments are in error
        const debugInfo = [];
        if (!uri)
            debugInfo.push(`'functions-uri' is ${uri}`);
        if (!workerId)
            debugInfo.push(`'functions-worker-id' is ${workerId}`);
        if (!requestId)
            debugInfo.push(`'functions-request-id' is ${requestId}`);
        if (!grpcMaxMessageLength)
            debugInfo.push(`'functions-grpc-max-message-length' is ${grpcMaxMessageLength}`);
        throw new errors_1.AzFuncSystemError(`gRPC client connection info is missing or incorrect (${debugInfo.join(', ')}).`);
    }
    WorkerContext_1.worker.id = workerId;
    const connection = new URL(uri).host;
    (0, Logger_1.systemLog)(`Worker ${workerId} connecting on ${connection}`);
    try {
        WorkerContext_1.worker.eventStream = (0, GrpcClient_1.CreateGrpcEventStream)(connection, parseInt(grpcMaxMessageLength));
    }
    catch (err) {
        const error = (0, errors_1.ensureErrorType)(err);
        error.isAzureFunctionsSystemError = true;
        error.message = 'Error creating GRPC event stream: ' + error.message;
        throw error;
    }
    (0, setupEventStream_1.setupEventStream)();
    (0, setupCoreModule_1.setupCoreModule)();
    WorkerContext_1.worker.eventStream.write({
        requestId: requestId,
        startStream: {
            workerId: workerId,
        },
    });
    process.on('uncaughtException', (err) => {
        const error = (0, errors_1.ensureErrorType)(err);
        let errorMessage;
        if (error.isAzureFunctionsSystemError) {
            errorMessage = `Worker uncaught exception: ${error.stack || err}`;
        }
        else {
            errorMessage = `Worker uncaught exception (learn more: https://go.microsoft.com/fwlink/?linkid=2097909 ): ${error.stack || err}`;
        }
        (0, Logger_1.systemError)(errorMessage);
        process.exit(1);
    });
    process.on('exit', (code) => {
        (0, Logger_1.systemLog)(`Worker ${workerId} exited with code ${code}`);
    });
    if ((0, util_1.isEnvironmentVariableSet)(process.env.AZURE_FUNCTIONS_NODE_BLOCK_LOG)) {
        (0, blockedMonitor_1.startBlockedMonitor)(WorkerContext_1.worker);
    }
}
exports.startNodeWorker = startNodeWorker;
//# sourceMappingURL=Worker.js.map