"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.fromCoreFunctionMetadata = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const fromCoreStatusResult_1 = require("./fromCoreStatusResult");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
function fromCoreFunctionMetadata(data) {
    const result = Object.assign(Object.assign({}, data), { bindings: fromCoreBindings(data.bindings), status: (0, fromCoreStatusResult_1.fromCoreStatusResult)(data.status), retryOptions: fromCoreRetryOptions(data.retryOptions) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
exports.fromCoreFunctionMetadata = fromCoreFunctionMetadata;
function fromCoreBindings(data) {
    if (data) {
        const result = {};
        for (const [key, value] of Object.entries(data)) {
            result[key] = fromCoreBinding(value);
        }
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function fromCoreBinding(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { dataType: fromCoreBindingDataType(data.dataType), direction: fromCoreBindingDirection(data.direction) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function fromCoreBindingDataType(data) {
    switch (data) {
        case 'binary':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.binary;
        case 'stream':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.stream;
        case 'string':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.string;
        case 'undefined':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.DataType.undefined;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcBindingDataType');
    }
}
function fromCoreBindingDirection(data) {
    switch (data) {
        case 'in':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.in;
        case 'inout':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.inout;
        case 'out':
            return rpc_1.AzureFunctionsRpcMessages.BindingInfo.Direction.out;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcBindingDirection');
    }
}
function fromCoreRetryOptions(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { retryStrategy: fromCoreRetryStrategy(data.retryStrategy) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function fromCoreRetryStrategy(data) {
    switch (data) {
        case 'exponentialBackoff':
            return rpc_1.AzureFunctionsRpcMessages.RpcRetryOptions.RetryStrategy.exponential_backoff;
        case 'fixedDelay':
            return rpc_1.AzureFunctionsRpcMessages.RpcRetryOptions.RetryStrategy.fixed_delay;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcRetryStrategy');
    }
}
//# sourceMappingURL=fromCoreFunctionMetadata.js.map