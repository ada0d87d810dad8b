// The plugin's version for the RestApiAudit children components register: set
// by the plugin at start-up, so the engine serves them with this very plugin.
// Its own module, free of @pulumi/aws, so starting the plugin loads nothing more.
let pluginVersion: string | undefined;

export function setAuditPluginVersion(version: string): void {
    pluginVersion = version;
}

export function auditPluginVersion(): string | undefined {
    return pluginVersion;
}
