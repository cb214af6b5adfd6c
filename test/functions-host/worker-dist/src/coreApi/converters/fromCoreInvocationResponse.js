"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.fromCoreInvocationResponse = void 0;
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const fromCoreStatusResult_1 = require("./fromCoreStatusResult");
const fromCoreTypedData_1 = require("./fromCoreTypedData");
function fromCoreInvocationResponse(data) {
    const result = Object.assign(Object.assign({}, data), { outputData: fromCoreParameterBindings(data.outputData), result: (0, fromCoreStatusResult_1.fromCoreStatusResult)(data.result), returnValue: (0, fromCoreTypedData_1.fromCoreTypedData)(data.returnValue) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
exports.fromCoreInvocationResponse = fromCoreInvocationResponse;
function fromCoreParameterBindings(data) {
    if (data) {
        return data.map(fromCoreParameterBinding);
    }
    else {
        return data;
    }
}
function fromCoreParameterBinding(data) {
    const result = Object.assign(Object.assign({}, data), { data: (0, fromCoreTypedData_1.fromCoreTypedData)(data.data) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
//# sourceMappingURL=fromCoreInvocationResponse.js.map