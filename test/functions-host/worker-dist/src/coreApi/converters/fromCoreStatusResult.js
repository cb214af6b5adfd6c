"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.fromCoreLogCategory = exports.fromCoreLogLevel = exports.fromCoreStatusResult = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
function fromCoreStatusResult(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { logs: fromCoreLogs(data.logs), status: fromCoreStatus(data.status) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
exports.fromCoreStatusResult = fromCoreStatusResult;
function fromCoreLogs(data) {
    if (data) {
        return data.map(fromCoreLog);
    }
    else {
        return data;
    }
}
function fromCoreLog(data) {
    const result = Object.assign(Object.assign({}, data), { level: fromCoreLogLevel(data.level), logCategory: fromCoreLogCategory(data.logCategory) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
function fromCoreLogLevel(data) {
    switch (data) {
        case 'critical':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Critical;
        case 'debug':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Debug;
        case 'error':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Error;
        case 'information':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Information;
        case 'none':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.None;
        case 'trace':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Trace;
        case 'warning':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.Level.Warning;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcLogLevel');
    }
}
exports.fromCoreLogLevel = fromCoreLogLevel;
function fromCoreLogCategory(data) {
    switch (data) {
        case 'customMetric':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.CustomMetric;
        case 'system':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.System;
        case 'user':
            return rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory.User;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcLogCategory');
    }
}
exports.fromCoreLogCategory = fromCoreLogCategory;
function fromCoreStatus(data) {
    switch (data) {
        case 'cancelled':
            return rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Cancelled;
        case 'failure':
            return rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Failure;
        case 'success':
            return rpc_1.AzureFunctionsRpcMessages.StatusResult.Status.Success;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcStatus');
    }
}
//# sourceMappingURL=fromCoreStatusResult.js.map