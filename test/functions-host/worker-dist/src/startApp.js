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
exports.startApp = void 0;
const rpc_1 = require("../azure-functions-language-worker-protobuf/src/rpc");
const errors_1 = require("./errors");
const executeHooks_1 = require("./hooks/executeHooks");
const loadScriptFile_1 = require("./loadScriptFile");
const parsePackageJson_1 = require("./parsers/parsePackageJson");
const nonNull_1 = require("./utils/nonNull");
const util_1 = require("./utils/util");
const WorkerContext_1 = require("./WorkerContext");
const globby = require("globby");
const path = require("path");
var LogLevel = rpc_1.AzureFunctionsRpcMessages.RpcLog.Level;
var LogCategory = rpc_1.AzureFunctionsRpcMessages.RpcLog.RpcLogCategory;
/**
 * Starting an app can happen in two places, depending on if the worker was specialized or not
 * 1. The worker can start in "normal" mode, meaning `workerInitRequest` will reference the user's app
 * 2. The worker can start in "placeholder" mode, meaning `workerInitRequest` will reference a dummy app to "warm up" the worker and `functionEnvironmentReloadRequest` will be sent with the user's actual app.
 *    This process is called worker specialization and it helps with cold start times.
 *    The dummy app should never have actual startup code, so it should be safe to call `startApp` twice in this case
 *    Worker specialization happens only once, so we don't need to worry about cleaning up resources from previous `functionEnvironmentReloadRequest`s.
 */
function startApp(functionAppDirectory) {
    return __awaiter(this, void 0, void 0, function* () {
        yield updatePackageJson(functionAppDirectory);
        yield loadEntryPointFile(functionAppDirectory);
        const appStartContext = {
            get hookData() {
                return WorkerContext_1.worker.app.appLevelOnlyHookData;
            },
            set hookData(_obj) {
                throw new errors_1.ReadOnlyError('hookData');
            },
            get appHookData() {
                return WorkerContext_1.worker.app.appHookData;
            },
            set appHookData(_obj) {
                throw new errors_1.ReadOnlyError('appHookData');
            },
            functionAppDirectory,
        };
        yield (0, executeHooks_1.executeHooks)('appStart', appStartContext);
    });
}
exports.startApp = startApp;
function updatePackageJson(functionAppDirectory) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            WorkerContext_1.worker.app.packageJson = yield (0, parsePackageJson_1.parsePackageJson)(functionAppDirectory);
        }
        catch (err) {
            const error = (0, errors_1.ensureErrorType)(err);
            WorkerContext_1.worker.log({
                message: `Worker failed to load package.json: ${error.message}`,
                level: LogLevel.Warning,
                logCategory: LogCategory.System,
            });
            WorkerContext_1.worker.app.packageJson = {};
        }
    });
}
function loadEntryPointFile(functionAppDirectory) {
    return __awaiter(this, void 0, void 0, function* () {
        const entryPointPattern = WorkerContext_1.worker.app.packageJson.main;
        if (entryPointPattern) {
            let currentFile = undefined;
            try {
                const files = yield globby(entryPointPattern, { cwd: functionAppDirectory });
                if (files.length === 0) {
                    let message = globby.hasMagic(entryPointPattern, { cwd: functionAppDirectory })
                        ? 'Found zero files matching the supplied pattern'
                        : 'File does not exist';
                    if (entryPointPattern === 'index.js') {
                        // This is by far the most common error and typically happens by accident, so we'll give these folks a little more help
                        message += '. Learn more here: https://aka.ms/AAla7et';
                    }
                    throw new errors_1.AzFuncSystemError(message);
                }
                for (const file of files) {
                    currentFile = file;
                    WorkerContext_1.worker.log({
                        message: `Loading entry point file "${file}"`,
                        level: LogLevel.Debug,
                        logCategory: LogCategory.System,
                    });
                    try {
                        const entryPointFilePath = path.join(functionAppDirectory, file);
                        WorkerContext_1.worker.app.currentEntryPoint = entryPointFilePath;
                        yield (0, loadScriptFile_1.loadScriptFile)(entryPointFilePath, WorkerContext_1.worker.app.packageJson);
                    }
                    finally {
                        WorkerContext_1.worker.app.currentEntryPoint = undefined;
                    }
                    WorkerContext_1.worker.log({
                        message: `Loaded entry point file "${file}"`,
                        level: LogLevel.Debug,
                        logCategory: LogCategory.System,
                    });
                }
            }
            catch (err) {
                const error = (0, errors_1.ensureErrorType)(err);
                const newMessage = `Worker was unable to load entry point "${currentFile || entryPointPattern}": ${error.message}`;
                if (shouldBlockOnEntryPointError()) {
                    error.message = newMessage;
                    error.isAzureFunctionsSystemError = true;
                    // We don't want to throw this error now (during workerInit or funcEnvReload) because technically the worker is fine
                    // Instead, it will be thrown during functionMetadata or functionLoad response which better indicates that the user's app is the problem
                    WorkerContext_1.worker.app.blockingAppStartError = error;
                    // This will ensure the error makes it to the user's app insights
                    console.error(error.stack);
                }
                else {
                    // In this case, the error will never block the app
                    // The most we can do without breaking backwards compatibility is log it as a system log
                    WorkerContext_1.worker.log({
                        message: newMessage,
                        level: LogLevel.Error,
                        logCategory: LogCategory.System,
                    });
                }
            }
        }
    });
}
function shouldBlockOnEntryPointError() {
    if ((0, util_1.isNode20Plus)()) {
        // Starting with Node 20, this will always be blocking
        // https://github.com/Azure/azure-functions-nodejs-worker/issues/697
        return true;
    }
    else {
        const key = 'FUNCTIONS_NODE_BLOCK_ON_ENTRY_POINT_ERROR';
        if ((0, nonNull_1.isDefined)(process.env[key])) {
            return (0, util_1.isEnvironmentVariableSet)(process.env[key]);
        }
        else {
            // We think this should be a blocking error by default, but v3 can't do that for backwards compatibility reasons
            // https://github.com/Azure/azure-functions-nodejs-worker/issues/630
            const model = (0, nonNull_1.nonNullProp)(WorkerContext_1.worker.app, 'programmingModel');
            return !(model.name === '@azure/functions' && model.version.startsWith('3.'));
        }
    }
}
//# sourceMappingURL=startApp.js.map