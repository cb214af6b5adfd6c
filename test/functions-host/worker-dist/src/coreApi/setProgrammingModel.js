"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.setProgrammingModel = void 0;
const rpc_1 = require("../../azure-functions-language-worker-protobuf/src/rpc");
const WorkerContext_1 = require("../WorkerContext");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
function setProgrammingModel(programmingModel) {
    // Log when setting the programming model, except for the initial default one (partially because the grpc channels aren't fully setup at that time)
    if (WorkerContext_1.worker.app.programmingModel) {
        WorkerContext_1.worker.log({
            message: `Setting Node.js programming model to "${programmingModel.name}" version "${programmingModel.version}"`,
            level: LogLevel.Information,
            logCategory: LogCategory.System,
        });
    }
    else {
        WorkerContext_1.worker.defaultProgrammingModel = programmingModel;
    }
    WorkerContext_1.worker.app.programmingModel = programmingModel;
}
exports.setProgrammingModel = setProgrammingModel;
//# sourceMappingURL=setProgrammingModel.js.map