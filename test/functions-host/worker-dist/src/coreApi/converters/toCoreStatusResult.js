"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.toCoreStatusResult = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
function toCoreStatusResult(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { logs: toCoreLogs(data.logs), status: toCoreStatus(data.status) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
exports.toCoreStatusResult = toCoreStatusResult;
function toCoreLogs(data) {
    if (data) {
        return data.map(toCoreLog);
    }
    else {
        return data;
    }
}
function toCoreLog(data) {
    const result = Object.assign(Object.assign({}, data), { level: toCoreLogLevel(data.level), logCategory: toCoreLogCategory(data.logCategory) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
function toCoreLogLevel(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Critical:
            return 'critical';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Debug:
            return 'debug';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Error:
            return 'error';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Information:
            return 'information';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.None:
            return 'none';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Trace:
            return 'trace';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Warning:
            return 'warning';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcLogLevel');
    }
}
function toCoreLogCategory(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.CustomMetric:
            return 'customMetric';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.System:
            return 'system';
        case rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.User:
            return 'user';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcLogCategory');
    }
}
function toCoreStatus(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Cancelled:
            return 'cancelled';
        case rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Failure:
            return 'failure';
        case rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Success:
            return 'success';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcStatus');
    }
}
//# sourceMappingURL=toCoreStatusResult.js.map