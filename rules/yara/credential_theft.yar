/*
 * yingji rule pack: credential theft on Linux hosts: cloud/API key
 * harvesting scripts, memory password dumpers, SSH key collection,
 * password sniffing of sshd/su/sudo.
 */

rule CredTheft_Cloud_Credentials_Harvester : credential_access cloud
{
    meta:
        author = "yingji"
        description = "Script collecting cloud and developer credentials (AWS/Aliyun/Tencent/GCP/Azure CLI files, instance metadata IAM credentials, Docker/Kubernetes configs, .git-credentials, .env) and sending them out"
        description_zh = "收集云与开发凭据(AWS/阿里云/腾讯云/GCP/Azure 凭据文件、实例元数据 IAM 凭据、Docker/K8s 配置、.git-credentials、.env)并外传的脚本"
        severity = "critical"
        mitre = "T1552.001"
        reference = "https://attack.mitre.org/techniques/T1552/001/"
        date = "2026-11-28"
    strings:
        $c1 = ".aws/credentials"
        $c2 = ".aliyun/config.json"
        $c3 = ".tccli/"
        $c4 = ".config/gcloud/credentials.db"
        $c5 = ".azure/accessTokens.json"
        $c6 = ".docker/config.json"
        $c7 = ".kube/config"
        $c8 = ".git-credentials"
        $c9 = ".s3cfg"
        $c10 = ".pgpass"
        $c11 = ".netrc"
        $c12 = /find\s+\/\s+[^\n]{0,80}-name\s+['"]?\.env['"]?/
        $m1 = /169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials/
        $m2 = /100\.100\.100\.200\/latest\/meta-data\/ram\/security-credentials/
        $m3 = "metadata.google.internal/computeMetadata/v1/instance/service-accounts"
        $m4 = "metadata.tencentyun.com/latest/meta-data/cam/security-credentials"
        $x1 = /curl\s+[^\n]{0,80}(-F|--upload-file|-T|--data-binary|-d)\s+[@'"]/
        $x2 = /\/dev\/tcp\/[^\/\s]{1,80}\/\d{1,5}/
        $x3 = /(curl|wget)\s+[^\n]{0,40}(--post-file|--post-data)/
        $x4 = /(nc|ncat)\s+\S{3,80}\s+\d{2,5}\s*</
    condition:
        filesize < 2MB and ((3 of ($c*)) or (any of ($m*) and any of ($c*))) and any of ($x*)
}

rule CredTheft_Mimipenguin_Memory_Dump : credential_access mimipenguin
{
    meta:
        author = "yingji"
        description = "mimipenguin and similar tools dumping cleartext login passwords from process memory (gnome-keyring-daemon, gdm, lightdm, vsftpd, sshd)"
        description_zh = "mimipenguin 等从进程内存中提取明文登录密码的工具(gnome-keyring-daemon、gdm、lightdm、vsftpd、sshd)"
        severity = "critical"
        mitre = "T1003.007"
        reference = "https://github.com/huntergregal/mimipenguin"
        date = "2026-11-28"
    strings:
        $n = "mimipenguin" nocase
        $p1 = "gnome-keyring-daemon"
        $p2 = "gdm-password"
        $p3 = "lightdm"
        $p4 = "vsftpd"
        $p5 = "sshd:"
        $m1 = /\/proc\/(\$\w{1,10}|%[ds]|\{\w{0,10}\})\/(maps|mem)/
        $m2 = "/etc/shadow"
        $m3 = /crypt\s*\(/
    condition:
        filesize < 5MB and ($n or (3 of ($p*) and $m1 and $m2 and $m3))
}

rule CredTheft_SSH_Key_Collector : credential_access ssh
{
    meta:
        author = "yingji"
        description = "Script gathering SSH private keys and host lists from every home directory (find / -name id_rsa, cat /home/*/.ssh/*) and archiving or sending them"
        description_zh = "从所有用户目录收集 SSH 私钥与主机列表(find / -name id_rsa、cat /home/*/.ssh/*)并打包或外传的脚本"
        severity = "high"
        mitre = "T1552.004"
        reference = "https://attack.mitre.org/techniques/T1552/004/"
        date = "2026-11-28"
    strings:
        $f1 = /find\s+\/\s+[^\n]{0,80}-name\s+['"]?(id_rsa|id_dsa|id_ecdsa|id_ed25519|\*\.pem|authorized_keys|known_hosts)/
        $f2 = /(cat|cp|tar)\s+[^\n]{0,40}\/home\/\*\/\.ssh\//
        $f3 = /(cat|cp|tar)\s+[^\n]{0,40}\/root\/\.ssh\/id_/
        $x1 = /curl\s+[^\n]{0,80}(-F|--upload-file|-T|--data-binary|-d)\s+[@'"]/
        $x2 = /\/dev\/tcp\/[^\/\s]{1,80}\/\d{1,5}/
        $x3 = /tar\s+(-?c[zjJ]?f|--create)/
        $x4 = /(scp|rsync)\s+[^\n]{0,80}@/
    condition:
        filesize < 1MB and 2 of ($f*) and any of ($x*)
}

rule CredTheft_Password_Sniffer_Strace : credential_access sniffing
{
    meta:
        author = "yingji"
        description = "Script or alias capturing passwords by tracing sshd/su/sudo reads (strace -e read on sshd, alias sudo/su wrappers that log the typed password)"
        description_zh = "通过跟踪 sshd/su/sudo 的 read 调用(strace)或替换 sudo/su 别名记录输入密码的脚本"
        severity = "critical"
        mitre = "T1056.001"
        reference = "https://attack.mitre.org/techniques/T1056/001/"
        date = "2026-11-28"
    strings:
        $s1 = /strace\s+[^\n]{0,60}-p\s*\$?\(?\s*(pgrep|pidof|ps)[^\n]{0,40}sshd/
        $s2 = /strace\s+[^\n]{0,80}-e\s+(trace=)?(read|write)[^\n]{0,80}(sshd|\$\(pgrep)/
        $s3 = /alias\s+(sudo|su)\s*=\s*['"][^'"\n]{1,120}(\/tmp\/|\/dev\/shm\/|\.sh|read\s+-s)/
        $s4 = /read\s+-s(r)?p?\s+[^\n]{0,60}(\[sudo\] password for|Password:)[^\n]{0,200}(>>|tee\s+-a)/
    condition:
        filesize < 1MB and any of them
}

rule CredTheft_PAM_Backdoor_Logger : credential_access backdoor pam
{
    meta:
        author = "yingji"
        description = "PAM module or patch that logs cleartext passwords or accepts a hard-coded master password (pam_unix backdoor, pam_exec password logging)"
        description_zh = "记录明文密码或接受硬编码万能密码的 PAM 模块/补丁(pam_unix 后门、pam_exec 记录密码)"
        severity = "critical"
        mitre = "T1556.003"
        reference = "https://attack.mitre.org/techniques/T1556/003/"
        date = "2026-11-28"
    strings:
        $p1 = "pam_sm_authenticate"
        $p2 = "pam_get_item"
        $p3 = "pam_get_authtok"
        $l1 = /(fopen|open)\s*\(\s*"\/(tmp|var\/tmp|dev\/shm|usr\/share|usr\/include|lib|etc)\/[^"]{1,60}"\s*,\s*"a/
        $l2 = /"\s*%s\s*[:|,;]\s*%s\s*(\\n)?"/
        $l3 = /strcmp\s*\(\s*p\s*,\s*"[^"]{4,64}"\s*\)\s*==\s*0|strcmp\s*\(\s*"[^"]{4,64}"\s*,\s*p\s*\)/
        $e1 = /pam_exec\.so\s+(quiet\s+)?expose_authtok\s+\S+/
    condition:
        filesize < 5MB and (($p1 and ($p2 or $p3) and ($l1 or $l3) and $l2) or $e1)
}
