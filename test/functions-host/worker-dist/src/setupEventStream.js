"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.setupEventStream = void 0;
const rpc_1 = require("../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("./errors");
const FunctionEnvironmentReloadHandler_1 = require("./eventHandlers/FunctionEnvironmentReloadHandler");
const FunctionLoadHandler_1 = require("./eventHandlers/FunctionLoadHandler");
const FunctionsMetadataHandler_1 = require("./eventHandlers/FunctionsMetadataHandler");
const InvocationHandler_1 = require("./eventHandlers/InvocationHandler");
const terminateWorker_1 = require("./eventHandlers/terminateWorker");
const WorkerInitHandler_1 = require("./eventHandlers/WorkerInitHandler");
const Logger_1 = require("./utils/Logger");
const nonNull_1 = require("./utils/nonNull");
const WorkerContext_1 = require("./WorkerContext");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
/**
 * Configures handlers for incoming gRPC messages on the client
 *
 * This should have a way to handle all incoming gRPC messages.
 * This includes all incoming StreamingMessage types (exclude *Response types and RpcLog type)
 */
function setupEventStream() {
    WorkerContext_1.worker.eventStream.on('data', (msg) => {
        void handleMessage(msg);
    });
    WorkerContext_1.worker.eventStream.on('error', function (err) {
        (0, Logger_1.systemError)(`Worker encountered event stream error: `, err);
        throw new errors_1.AzFuncSystemError(err);
    });
    // wrap event stream write to validate message correctness
    const oldWrite = WorkerContext_1.worker.eventStream.write;
    WorkerContext_1.worker.eventStream.write = function checkWrite(msg) {
        const msgError = rpc_1.AzureFunctionsRpcMessages.StreamingMessage.verify(msg);
        if (msgError) {
            (0, Logger_1.systemError)(`Worker malformed message`, msgError);
            throw new errors_1.AzFuncSystemError(msgError);
        }
        oldWrite.apply(WorkerContext_1.worker.eventStream, [msg]);
    };
}
exports.setupEventStream = setupEventStream;
function handleMessage(inMsg) {
    return __awaiter(this, void 0, void 0, function* () {
        const outMsg = {
            requestId: inMsg.requestId,
        };
        let eventHandler;
        let request;
        try {
            const eventName = inMsg.content;
            switch (eventName) {
                case 'functionEnvironmentReloadRequest':
                    eventHandler = new FunctionEnvironmentReloadHandler_1.FunctionEnvironmentReloadHandler();
                    break;
                case 'functionLoadRequest':
                    eventHandler = new FunctionLoadHandler_1.FunctionLoadHandler();
                    break;
                case 'invocationRequest':
                    eventHandler = new InvocationHandler_1.InvocationHandler();
                    break;
                case 'workerInitRequest':
                    eventHandler = new WorkerInitHandler_1.WorkerInitHandler();
                    break;
                case 'workerTerminate':
                    // Worker terminate request is a special request which gracefully shuts down worker
                    // It doesn't have a response so we don't have an EventHandler class for it
                    yield (0, terminateWorker_1.terminateWorker)((0, nonNull_1.nonNullProp)(inMsg, eventName));
                    return;
                case 'workerStatusRequest':
                    // Worker sends the host empty response to evaluate the worker's latency
                    // The response doesn't even allow a `result` property, which is why we don't implement an EventHandler class
                    outMsg.workerStatusResponse = {};
                    WorkerContext_1.worker.eventStream.write(outMsg);
                    return;
                case 'functionsMetadataRequest':
                    eventHandler = new FunctionsMetadataHandler_1.FunctionsMetadataHandler();
                    break;
                case 'closeSharedMemoryResourcesRequest':
                case 'fileChangeEventRequest':
                case 'functionLoadRequestCollection':
                case 'invocationCancel':
                case 'startStream':
                case 'workerHeartbeat':
                    // Not yet implemented
                    return;
                default:
                    throw new errors_1.AzFuncSystemError(`Worker had no handler for message '${eventName}'`);
            }
            request = (0, nonNull_1.nonNullProp)(inMsg, eventName);
            const response = yield eventHandler.handleEvent(request);
            response.result = { status: rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Success };
            outMsg[eventHandler.responseName] = response;
        }
        catch (err) {
            const error = (0, errors_1.ensureErrorType)(err);
            if (error.isAzureFunctionsSystemError) {
                WorkerContext_1.worker.log({
                    message: error.message,
                    level: LogLevel.Error,
                    logCategory: LogCategory.System,
                });
            }
            if (eventHandler && request) {
                const response = eventHandler.getDefaultResponse(request);
                response.result = {
                    status: rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Failure,
                    exception: {
                        message: error.message,
                        stackTrace: error.stack,
                    },
                };
                outMsg[eventHandler.responseName] = response;
            }
        }
        if (eventHandler) {
            WorkerContext_1.worker.eventStream.write(outMsg);
        }
    });
}
//# sourceMappingURL=setupEventStream.js.map