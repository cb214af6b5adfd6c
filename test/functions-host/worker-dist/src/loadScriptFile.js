"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
var __awaiter = (this && this.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.isESModule = exports.loadScriptFile = void 0;
const retry = require("p-retry");
const path = require("path");
const url = require("url");
const rpc_1 = require("../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("./errors");
const WorkerContext_1 = require("./WorkerContext");
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
let hasLoggedAttempt = 0;
let hasLoggedWarning = false;
function loadScriptFile(filePath, packageJson) {
    return __awaiter(this, void 0, void 0, function* () {
        // See the following issue for more details on why we want to retry
        // https://github.com/Azure/azure-functions-nodejs-worker/issues/693
        const retries = 9;
        return yield retry((currentAttempt) => __awaiter(this, void 0, void 0, function* () {
            if (currentAttempt > 1 && currentAttempt > hasLoggedAttempt) {
                WorkerContext_1.worker.log({
                    message: `Retrying file load. Attempt ${currentAttempt}/${retries + 1}`,
                    level: LogLevel.Debug,
                    logCategory: LogCategory.System,
                });
                hasLoggedAttempt = currentAttempt;
            }
            return loadScriptFileInternal(filePath, packageJson);
        }), {
            retries: retries,
            minTimeout: 500,
            onFailedAttempt: (error) => {
                if (!/lstat.*home/i.test((error === null || error === void 0 ? void 0 : error.message) || '')) {
                    // this will abort the retries if it's an error we don't recognize
                    throw error;
                }
                else if (error.retriesLeft > 0 && !hasLoggedWarning) {
                    WorkerContext_1.worker.log({
                        message: `Warning: Failed to load file with error "${error.message}"`,
                        level: LogLevel.Warning,
                        logCategory: LogCategory.System,
                    });
                    hasLoggedWarning = true;
                }
            },
        });
    });
}
exports.loadScriptFile = loadScriptFile;
function loadScriptFileInternal(filePath, packageJson) {
    return __awaiter(this, void 0, void 0, function* () {
        const start = Date.now();
        try {
            let script;
            if (isESModule(filePath, packageJson)) {
                const fileUrl = url.pathToFileURL(filePath);
                if (fileUrl.href) {
                    // use eval so it doesn't get compiled into a require()
                    script = yield eval('import(fileUrl.href)');
                }
                else {
                    throw new errors_1.AzFuncSystemError(`'${filePath}' could not be converted to file URL (${fileUrl.href})`);
                }
            }
            else {
                script = require(/* webpackIgnore: true */ filePath);
            }
            return script;
        }
        finally {
            warnIfLongLoadTime(filePath, start);
        }
    });
}
function warnIfLongLoadTime(filePath, start) {
    const timeElapsed = Date.now() - start;
    const rfpName = 'WEBSITE_RUN_FROM_PACKAGE';
    const rfpValue = process.env[rfpName];
    if (timeElapsed > 1000 &&
        (rfpValue === undefined || rfpValue === '0') &&
        process.env.AZURE_FUNCTIONS_ENVIRONMENT !== 'Development' // don't show in core tools
    ) {
        WorkerContext_1.worker.log({
            message: `Loading "${path.basename(filePath)}" took ${timeElapsed}ms`,
            level: LogLevel.Warning,
            logCategory: LogCategory.System,
        });
        WorkerContext_1.worker.log({
            message: `Set "${rfpName}" to "1" to significantly improve load times. Learn more here: https://aka.ms/AAjon54`,
            level: LogLevel.Warning,
            logCategory: LogCategory.System,
        });
    }
}
function isESModule(filePath, packageJson) {
    if (filePath.endsWith('.mjs')) {
        return true;
    }
    if (filePath.endsWith('.cjs')) {
        return false;
    }
    return packageJson.type === 'module';
}
exports.isESModule = isESModule;
//# sourceMappingURL=loadScriptFile.js.map