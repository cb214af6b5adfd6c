"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.ensureKeysMatch = void 0;
/**
 * Removes some unnecessary properties that may have been set to `undefined` during conversion
 */
function ensureKeysMatch(data, result) {
    for (const key of Object.keys(result)) {
        if (!(key in data)) {
            delete result[key];
        }
    }
    return result;
}
exports.ensureKeysMatch = ensureKeysMatch;
//# sourceMappingURL=ensureKeysMatch.js.map