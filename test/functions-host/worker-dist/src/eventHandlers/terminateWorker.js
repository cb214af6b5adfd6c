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
exports.terminateWorker = void 0;
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("../errors");
const executeHooks_1 = require("../hooks/executeHooks");
const WorkerContext_1 = require("../WorkerContext");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
function terminateWorker(_msg) {
    return __awaiter(this, void 0, void 0, function* () {
        WorkerContext_1.worker.log({
            message: 'Received workerTerminate message; gracefully shutting down worker',
            level: LogLevel.Debug,
            logCategory: LogCategory.System,
        });
        const appTerminateContext = {
            get hookData() {
                return WorkerContext_1.worker.app.appLevelOnlyHookData;
            },
            set hookData(_obj) {
                throw new errors_1.ReadOnlyError('hookData');
            },
            get appHookData() {
                return WorkerContext_1.worker.app.appHookData;
            },
            set appHookData(_obj) {
                throw new errors_1.ReadOnlyError('appHookData');
            },
        };
        yield (0, executeHooks_1.executeHooks)('appTerminate', appTerminateContext);
        WorkerContext_1.worker.eventStream.end();
        process.exit(0);
    });
}
exports.terminateWorker = terminateWorker;
//# sourceMappingURL=terminateWorker.js.map