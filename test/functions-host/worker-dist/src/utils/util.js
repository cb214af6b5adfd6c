"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.isNode20Plus = exports.isEnvironmentVariableSet = void 0;
const semver = require("semver");
function isEnvironmentVariableSet(val) {
    return !/^(false|0)?$/i.test(val === undefined || val === null ? '' : String(val));
}
exports.isEnvironmentVariableSet = isEnvironmentVariableSet;
function isNode20Plus() {
    return semver.gte(process.versions.node, '20.0.0');
}
exports.isNode20Plus = isNode20Plus;
//# sourceMappingURL=util.js.map