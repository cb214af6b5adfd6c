"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.systemError = exports.systemWarn = exports.systemLog = void 0;
/**
 * Use these methods only if you want to guarantee the messages reach the host despite potential performance impact.
 * Otherwise, please stick to utilizing the gRPC channel to propagate these messages with category: RpcLogCategory.System
 **/
const logPrefix = 'LanguageWorkerConsoleLog';
function systemLog(message, ...optionalParams) {
    console.log(logPrefix + removeNewLines(message), ...optionalParams);
}
exports.systemLog = systemLog;
function systemWarn(message, ...optionalParams) {
    console.warn(logPrefix + '[warn] ' + removeNewLines(message), ...optionalParams);
}
exports.systemWarn = systemWarn;
function systemError(message, ...optionalParams) {
    console.error(logPrefix + '[error] ' + removeNewLines(message), ...optionalParams);
}
exports.systemError = systemError;
function removeNewLines(message) {
    if (message && typeof message === 'string') {
        message = message.replace(/(\r\n|\n|\r)/gm, ' ');
    }
    return message;
}
//# sourceMappingURL=Logger.js.map