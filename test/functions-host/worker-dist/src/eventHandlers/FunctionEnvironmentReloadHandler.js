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
exports.FunctionEnvironmentReloadHandler = void 0;
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const startApp_1 = require("../startApp");
const WorkerContext_1 = require("../WorkerContext");
const EventHandler_1 = require("./EventHandler");
const getWorkerCapabilities_1 = require("./getWorkerCapabilities");
const getWorkerMetadata_1 = require("./getWorkerMetadata");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
var CapabilitiesUpdateStrategy = rpc_1.AzureFunctionsRpcMessages.FunctionEnvironmentReloadResponse.CapabilitiesUpdateStrategy;
/**
 * Environment variables from the current process
 */
class FunctionEnvironmentReloadHandler extends EventHandler_1.EventHandler {
    constructor() {
        super(...arguments);
        this.responseName = 'functionEnvironmentReloadResponse';
    }
    getDefaultResponse(_msg) {
        return {
            workerMetadata: (0, getWorkerMetadata_1.getWorkerMetadata)(),
        };
    }
    handleEvent(msg) {
        return __awaiter(this, void 0, void 0, function* () {
            WorkerContext_1.worker.resetApp();
            const response = this.getDefaultResponse(msg);
            // Add environment variables from incoming
            const numVariables = (msg.environmentVariables && Object.keys(msg.environmentVariables).length) || 0;
            WorkerContext_1.worker.log({
                message: `Reloading environment variables. Found ${numVariables} variables to reload.`,
                level: LogLevel.Information,
                logCategory: LogCategory.System,
            });
            // reset existing env vars
            Object.keys(process.env).map((key) => delete process.env[key]);
            // set new env vars
            Object.assign(process.env, msg.environmentVariables);
            // Change current working directory
            if (msg.functionAppDirectory) {
                WorkerContext_1.worker.log({
                    message: `Changing current working directory to ${msg.functionAppDirectory}`,
                    level: LogLevel.Information,
                    logCategory: LogCategory.System,
                });
                process.chdir(msg.functionAppDirectory);
                yield (0, startApp_1.startApp)(msg.functionAppDirectory);
                // model info may have changed, so we need to update this
                response.workerMetadata = (0, getWorkerMetadata_1.getWorkerMetadata)();
            }
            response.capabilities = yield (0, getWorkerCapabilities_1.getWorkerCapabilities)();
            response.capabilitiesUpdateStrategy = CapabilitiesUpdateStrategy.replace;
            return response;
        });
    }
}
exports.FunctionEnvironmentReloadHandler = FunctionEnvironmentReloadHandler;
//# sourceMappingURL=FunctionEnvironmentReloadHandler.js.map