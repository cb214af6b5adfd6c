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
exports.FunctionLoadHandler = void 0;
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("../errors");
const LegacyFunctionLoader_1 = require("../LegacyFunctionLoader");
const nonNull_1 = require("../utils/nonNull");
const WorkerContext_1 = require("../WorkerContext");
const EventHandler_1 = require("./EventHandler");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
/**
 * Worker responds after loading required metadata to load function with the load result
 */
class FunctionLoadHandler extends EventHandler_1.EventHandler {
    constructor() {
        super(...arguments);
        this.responseName = 'functionLoadResponse';
    }
    getDefaultResponse(msg) {
        return { functionId: msg.functionId };
    }
    handleEvent(msg) {
        return __awaiter(this, void 0, void 0, function* () {
            WorkerContext_1.worker.app.workerIndexingLocked = true;
            const response = this.getDefaultResponse(msg);
            WorkerContext_1.worker.log({
                message: `Worker ${WorkerContext_1.worker.id} received FunctionLoadRequest`,
                level: LogLevel.Debug,
                logCategory: LogCategory.System,
            });
            if ((0, nonNull_1.isDefined)(WorkerContext_1.worker.app.blockingAppStartError)) {
                throw WorkerContext_1.worker.app.blockingAppStartError;
            }
            if (!WorkerContext_1.worker.app.isUsingWorkerIndexing) {
                const functionId = (0, nonNull_1.nonNullProp)(msg, 'functionId');
                const metadata = (0, nonNull_1.nonNullProp)(msg, 'metadata');
                try {
                    yield (0, LegacyFunctionLoader_1.loadLegacyFunction)(functionId, metadata, WorkerContext_1.worker.app.packageJson);
                }
                catch (err) {
                    const error = (0, errors_1.ensureErrorType)(err);
                    error.isAzureFunctionsSystemError = true;
                    error.message = `Worker was unable to load function ${metadata.name}: '${error.message}'`;
                    throw error;
                }
            }
            return response;
        });
    }
}
exports.FunctionLoadHandler = FunctionLoadHandler;
//# sourceMappingURL=FunctionLoadHandler.js.map