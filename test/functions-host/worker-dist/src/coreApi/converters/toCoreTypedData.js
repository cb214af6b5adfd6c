"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.toCoreTypedData = void 0;
const rpc_1 = require("../../../azure-functions-language-worker-protobuf/src/rpc");
const ensureKeysMatch_1 = require("./ensureKeysMatch");
const handleDefaultEnumCase_1 = require("./handleDefaultEnumCase");
function toCoreTypedData(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { http: toCoreHttpData(data.http) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
exports.toCoreTypedData = toCoreTypedData;
function toCoreHttpData(data) {
    if (data) {
        const result = Object.assign(Object.assign({}, data), { cookies: toCoreHttpCookies(data.cookies), body: toCoreTypedData(data.body), rawBody: toCoreTypedData(data.rawBody) });
        return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
    }
    else {
        return data;
    }
}
function toCoreHttpCookies(data) {
    if (data) {
        return data.map(toCoreHttpCookie);
    }
    else {
        return data;
    }
}
function toCoreHttpCookie(data) {
    const result = Object.assign(Object.assign({}, data), { sameSite: toCoreHttpCookieSameSite(data.sameSite) });
    return (0, ensureKeysMatch_1.ensureKeysMatch)(data, result);
}
function toCoreHttpCookieSameSite(data) {
    switch (data) {
        case rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.ExplicitNone:
            return 'explicitNone';
        case rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.Lax:
            return 'lax';
        case rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.None:
            return 'none';
        case rpc_1.AzureFunctionsRpcMessages.RpcHttpCookie.SameSite.Strict:
            return 'strict';
        default:
            return (0, handleDefaultEnumCase_1.handleDefaultEnumCase)(data, 'RpcHttpCookieSameSite');
    }
}
//# sourceMappingURL=toCoreTypedData.js.map