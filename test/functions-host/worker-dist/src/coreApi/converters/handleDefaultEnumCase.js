"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleDefaultEnumCase = void 0;
const errors_1 = require("../../errors");
function handleDefaultEnumCase(data, typeName) {
    switch (data) {
        case undefined:
            return undefined;
        case null:
            return null;
        default:
            throw new errors_1.AzFuncRangeError(`Unexpected value "${data}" for type "${typeName}"`);
    }
}
exports.handleDefaultEnumCase = handleDefaultEnumCase;
//# sourceMappingURL=handleDefaultEnumCase.js.map