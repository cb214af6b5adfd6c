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
exports.executeHooks = void 0;
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const WorkerContext_1 = require("../WorkerContext");
const getHooks_1 = require("./getHooks");
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
function executeHooks(hookName, context, invocationId, msgCategory) {
    return __awaiter(this, void 0, void 0, function* () {
        const callbacks = (0, getHooks_1.getHooks)(hookName);
        if (callbacks.length > 0) {
            WorkerContext_1.worker.log({
                message: `Executing ${callbacks.length} "${hookName}" hooks`,
                level: LogLevel.Debug,
                logCategory: LogCategory.System,
                invocationId,
                category: msgCategory,
            });
            for (const callback of callbacks) {
                yield callback(context);
            }
            WorkerContext_1.worker.log({
                message: `Executed "${hookName}" hooks`,
                level: LogLevel.Debug,
                logCategory: LogCategory.System,
                invocationId,
                category: msgCategory,
            });
        }
    });
}
exports.executeHooks = executeHooks;
//# sourceMappingURL=executeHooks.js.map