"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.fromCoreTypedData = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
function fromCoreTypedData(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { http: fromCoreHttpData(data.http) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
exports.fromCoreTypedData = fromCoreTypedData;
function fromCoreHttpData(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { body: fromCoreTypedData(data.body), cookies: fromCoreHttpCookies(data.cookies), rawBody: fromCoreTypedData(data.rawBody) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function fromCoreHttpCookies(data) {
    if (data) {
        return data.map(fromCoreHttpCookie);
    }
    else {
        return data;
    }
}
function fromCoreHttpCookie(data) {
    const result = Object.assign(Object.assign({}, data), { sameSite: fromCoreHttpCookieSameSite(data.sameSite) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
function fromCoreHttpCookieSameSite(data) {
    switch (data) {
        case 'explicitNone':
            return rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.ExplicitNone;
        case 'lax':
            return rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.Lax;
        case 'none':
            return rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.None;
        case 'strict':
            return rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.Strict;
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'CoreRpcHttpCookieSameSite');
    }
}
//# sourceMappingURL=fromCoreTypedData.js.map