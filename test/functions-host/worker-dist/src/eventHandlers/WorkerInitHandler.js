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
exports.logColdStartWarning = exports.WorkerInitHandler = void 0;
const fs_1 = require("fs");
const path = require("path");
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("../errors");
const startApp_1 = require("../startApp");
const nonNull_1 = require("../utils/nonNull");
const WorkerContext_1 = require("../WorkerContext");
const EventHandler_1 = require("./EventHandler");
const getWorkerCapabilities_1 = require("./getWorkerCapabilities");
const getWorkerMetadata_1 = require("./getWorkerMetadata");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
/**
 * Host sends capabilities/init data to worker and requests the worker to initialize itself
 */
class WorkerInitHandler extends EventHandler_1.EventHandler {
    constructor() {
        super(...arguments);
        this.responseName = 'workerInitResponse';
    }
    getDefaultResponse(_msg) {
        return {
            workerMetadata: (0, getWorkerMetadata_1.getWorkerMetadata)(),
        };
    }
    handleEvent(msg) {
        return __awaiter(this, void 0, void 0, function* () {
            const response = this.getDefaultResponse(msg);
            WorkerContext_1.worker.log({
                message: `Worker ${WorkerContext_1.worker.id} received WorkerInitRequest`,
                level: LogLevel.Debug,
                logCategory: LogCategory.System,
            });
            logColdStartWarning();
            WorkerContext_1.worker._hostVersion = (0, nonNull_1.nonNullProp)(msg, 'hostVersion');
            if (msg.functionAppDirectory) {
                yield (0, startApp_1.startApp)(msg.functionAppDirectory);
                // model info may have changed, so we need to update this
                response.workerMetadata = (0, getWorkerMetadata_1.getWorkerMetadata)();
            }
            response.capabilities = yield (0, getWorkerCapabilities_1.getWorkerCapabilities)();
            return response;
        });
    }
}
exports.WorkerInitHandler = WorkerInitHandler;
function logColdStartWarning(delayInMs) {
    // On reading a js file with function code('require') NodeJs tries to find 'package.json' all the way up to the file system root.
    // In Azure files it causes a delay during cold start as connection to Azure Files is an expensive operation.
    const scriptRoot = process.env.AzureWebJobsScriptRoot;
    if (process.env.WEBSITE_CONTENTAZUREFILECONNECTIONSTRING && process.env.WEBSITE_CONTENTSHARE && scriptRoot) {
        // Add delay to avoid affecting coldstart
        if (!delayInMs) {
            delayInMs = 5000;
        }
        setTimeout(() => {
            (0, fs_1.access)(path.join(scriptRoot, 'package.json'), fs_1.constants.F_OK, (err) => {
                if ((0, errors_1.isError)(err)) {
                    WorkerContext_1.worker.log({
                        message: 'package.json is not found at the root of the Function App in Azure Files - cold start for NodeJs can be affected.',
                        level: LogLevel.Debug,
                        logCategory: LogCategory.System,
                    });
                }
            });
        }, delayInMs);
    }
}
exports.logColdStartWarning = logColdStartWarning;
//# sourceMappingURL=WorkerInitHandler.js.map