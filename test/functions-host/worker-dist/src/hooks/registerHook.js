"use strict";
// Copyright (c) .NET Foundation. All rights reserved.
// Licensed under the MIT License.
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerHook = void 0;
const Disposable_1 = require("../Disposable");
const getHooks_1 = require("./getHooks");
function registerHook(hookName, callback) {
    const hooks = (0, getHooks_1.getHooks)(hookName);
    hooks.push(callback);
    return new Disposable_1.Disposable(() => {
        const index = hooks.indexOf(callback);
        if (index > -1) {
            hooks.splice(index, 1);
        }
    });
}
exports.registerHook = registerHook;
//# sourceMappingURL=registerHook.js.map