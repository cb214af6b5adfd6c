"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.setupCoreModule = void 0;
const constants_1 = require("./constants");
const coreApiLog_1 = require("./coreApi/coreApiLog");
const registerFunction_1 = require("./coreApi/registerFunction");
const setProgrammingModel_1 = require("./coreApi/setProgrammingModel");
const Disposable_1 = require("./Disposable");
const registerHook_1 = require("./hooks/registerHook");
const WorkerContext_1 = require("./WorkerContext");
const Module = require("module");
/**
 * Intercepts the default "require" method so that we can provide our own "built-in" module
 * This module is essentially the publicly accessible API for our worker
 * This module is available to users only at runtime, not as an installable npm package
 */
function setupCoreModule() {
    const coreApi = {
        version: constants_1.version,
        get hostVersion() {
            return WorkerContext_1.worker.hostVersion;
        },
        registerHook: registerHook_1.registerHook,
        setProgrammingModel: setProgrammingModel_1.setProgrammingModel,
        getProgrammingModel: () => {
            return WorkerContext_1.worker.app.programmingModel;
        },
        log: coreApiLog_1.coreApiLog,
        registerFunction: registerFunction_1.registerFunction,
        Disposable: Disposable_1.Disposable,
    };
    Module.prototype.require = new Proxy(Module.prototype.require, {
        apply(target, thisArg, argArray) {
            if (argArray[0] === '@azure/functions-core') {
                return coreApi;
            }
            else {
                return Reflect.apply(target, thisArg, argArray);
            }
        },
    });
    // Set default programming model shipped with the worker
    // This has to be imported dynamically _after_ we setup the core module since it will almost certainly reference the core module
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const func = require('@azure/functions');
    func.setup();
}
exports.setupCoreModule = setupCoreModule;
//# sourceMappingURL=setupCoreModule.js.map