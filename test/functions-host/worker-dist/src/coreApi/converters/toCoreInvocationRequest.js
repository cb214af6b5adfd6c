"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.toCoreInvocationRequest = void 0;
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const toCoreTypedData_1 = require("./toCoreTypedData");
function toCoreInvocationRequest(data) {
    const result = Object.assign(Object.assign({}, data), { inputData: toCoreParameterBindings(data.inputData), triggerMetadata: toCoreTriggerMetadata(data.triggerMetadata) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
exports.toCoreInvocationRequest = toCoreInvocationRequest;
function toCoreParameterBindings(data) {
    if (data) {
        return data.map(toCoreParameterBinding);
    }
    else {
        return data;
    }
}
function toCoreParameterBinding(data) {
    const result = Object.assign(Object.assign({}, data), { data: (0, toCoreTypedData_1.toCoreTypedData)(data.data) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
function toCoreTriggerMetadata(data) {
    if (data) {
        const result = {};
        for (const [key, value] of Object.entries(data)) {
            result[key] = (0, toCoreTypedData_1.toCoreTypedData)(value);
        }
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
//# sourceMappingURL=toCoreInvocationRequest.js.map