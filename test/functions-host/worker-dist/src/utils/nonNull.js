"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.isDefined = exports.nonNullValue = exports.nonNullProp = void 0;
const errors_1 = require("../errors");
/**
 * Retrieves a property by name from an object and checks that it's not null and not undefined.  It is strongly typed
 * for the property and will give a compile error if the given name is not a property of the source.
 */
function nonNullProp(source, name) {
    const value = source[name];
    return nonNullValue(value, name);
}
exports.nonNullProp = nonNullProp;
/**
 * Validates that a given value is not null and not undefined.
 */
function nonNullValue(value, propertyNameOrMessage) {
    if (value === null || value === undefined) {
        throw new errors_1.AzFuncSystemError('Internal error: Expected value to be neither null nor undefined' +
            (propertyNameOrMessage ? `: ${propertyNameOrMessage}` : ''));
    }
    return value;
}
exports.nonNullValue = nonNullValue;
function isDefined(data) {
    return data !== null && data !== undefined;
}
exports.isDefined = isDefined;
//# sourceMappingURL=nonNull.js.map