"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.toCoreFunctionMetadata = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
const toCoreStatusResult_1 = require("./toCoreStatusResult");
function toCoreFunctionMetadata(data) {
    const result = Object.assign(Object.assign({}, data), { bindings: toCoreBindings(data.bindings), status: (0, toCoreStatusResult_1.toCoreStatusResult)(data.status), retryOptions: toCoreRetryOptions(data.retryOptions) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
exports.toCoreFunctionMetadata = toCoreFunctionMetadata;
function toCoreBindings(data) {
    if (data) {
        const result = {};
        for (const [key, value] of Object.entries(data)) {
            result[key] = toCoreBinding(value);
        }
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function toCoreBinding(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { dataType: toCoreBindingDataType(data.dataType), direction: toCoreBindingDirection(data.direction) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function toCoreBindingDataType(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.binary:
            return 'binary';
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.stream:
            return 'stream';
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.string:
            return 'string';
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.undefined:
            return 'undefined';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcBindingDataType');
    }
}
function toCoreBindingDirection(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.in:
            return 'in';
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.inout:
            return 'inout';
        case rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.out:
            return 'out';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcBindingDirection');
    }
}
function toCoreRetryOptions(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { retryStrategy: toCoreRetryStrategy(data.retryStrategy) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function toCoreRetryStrategy(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.RpcRetryOptions.RetryStrategy.exponential_backoff:
            return 'exponentialBackoff';
        case rpc_1.AzureFunctionsRpcMessages.RpcRetryOptions.RetryStrategy.fixed_delay:
            return 'fixedDelay';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcRetryStrategy');
    }
}
//# sourceMappingURL=toCoreFunctionMetadata.js.map