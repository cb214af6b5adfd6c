"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppContext = void 0;
class AppContext {
    constructor() {
        this.packageJson = {};
        /**
         * this hook data will be passed to (and set by) all hooks in all scopes
         */
        this.appHookData = {};
        /**
         * this hook data is limited to the app-level scope and persisted only for app-level hooks
         */
        this.appLevelOnlyHookData = {};
        this.preInvocationHooks = [];
        this.postInvocationHooks = [];
        this.appStartHooks = [];
        this.appTerminateHooks = [];
        this.functions = {};
        this.legacyFunctions = {};
        this.workerIndexingLocked = false;
        this.isUsingWorkerIndexing = false;
    }
}
exports.AppContext = AppContext;
//# sourceMappingURL=AppContext.js.map