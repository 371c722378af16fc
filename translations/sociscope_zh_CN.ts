<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandLine</name>
    <message>
        <source>unknown option %1 (see --help)</source>
        <translation>未知选项 %1（参见 --help）</translation>
    </message>
    <message>
        <source>Usage: sociscope [REF...]

Look inside huge container images without pulling them.

  REF           an image to open: HOST/REPO[:TAG|@DIGEST], a Docker Hub name
                (ubuntu:24.04), or an OCI layout folder oci:PATH[:TAG] or PATH
  -h, --help    show this help and exit
  -v, --version show the version and exit

Without REF, Sociscope reopens where you left off, or the demo image it builds
on first start under $XDG_DATA_HOME/sociscope/demo. When Sociscope already runs,
REF opens in its window.
</source>
        <translation>用法：sociscope [REF...]

无需拉取，即可查看大型容器镜像的内容。

  REF           要打开的镜像：HOST/REPO[:TAG|@DIGEST]、Docker Hub 名称
                （ubuntu:24.04），或 OCI 布局文件夹 oci:路径[:TAG] 或 路径
  -h, --help    显示此帮助并退出
  -v, --version 显示版本并退出

不指定 REF 时，Sociscope 会回到上次离开的位置，或打开首次启动时在
$XDG_DATA_HOME/sociscope/demo 下生成的演示镜像。若 Sociscope 已在运行，
REF 会在其窗口中打开。
</translation>
    </message>
</context>
<context>
    <name>CopyActions</name>
    <message>
        <source>Copy Reference</source>
        <translation>复制引用</translation>
    </message>
    <message>
        <source>Copy Digest</source>
        <translation>复制摘要</translation>
    </message>
    <message>
        <source>Copy Reference by Digest</source>
        <translation>复制带摘要的引用</translation>
    </message>
    <message>
        <source>Copy docker pull Command</source>
        <translation>复制 docker pull 命令</translation>
    </message>
    <message>
        <source>Copy nerdctl pull Command</source>
        <translation>复制 nerdctl pull 命令</translation>
    </message>
    <message>
        <source>Copy sociscopectl run Command</source>
        <translation>复制 sociscopectl run 命令</translation>
    </message>
</context>
<context>
    <name>DaemonJobs</name>
    <message>
        <source>sociscoped is not installed beside Sociscope or on PATH</source>
        <translation>sociscoped 既未安装在 Sociscope 旁边，也不在 PATH 中</translation>
    </message>
    <message>
        <source>cannot create the mount folder %1</source>
        <translation>无法创建挂载文件夹 %1</translation>
    </message>
    <message>
        <source>Runs need the system daemon, which runs as root: start it with “sudo sociscoped” (or “sudo systemctl start sociscoped” where systemd manages it).</source>
        <translation>运行需要以 root 身份运行的系统守护进程：请用“sudo sociscoped”启动它（由 systemd 管理时，请用“sudo systemctl start sociscoped”）。</translation>
    </message>
    <message>
        <source>The daemon on %1 runs as user %2 and cannot run containers.</source>
        <translation>%1 上的守护进程以用户 %2 身份运行，无法运行容器。</translation>
    </message>
</context>
<context>
    <name>FetchTimeline</name>
    <message>
        <source>Index</source>
        <translation>索引</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>分段</translation>
    </message>
    <message>
        <source>Whole layers</source>
        <translation>整层</translation>
    </message>
    <message>
        <source>Spans from cache</source>
        <translation>来自缓存的分段</translation>
    </message>
    <message>
        <source>fetched %1</source>
        <translation>已获取 %1</translation>
    </message>
    <message>
        <source>fetched %1 of %2 (%3 %)</source>
        <translation>已获取 %1 / %2（%3%）</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>后台</translation>
    </message>
</context>
<context>
    <name>FileEntry</name>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Link target</source>
        <translation>链接目标</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>分段</translation>
    </message>
    <message>
        <source>The layer that made this entry, bottom layer 0</source>
        <translation>生成此条目的层，最底层为 0</translation>
    </message>
    <message>
        <source>The spans of its layer that hold the file&apos;s data: what reading it fetches</source>
        <translation>所在层中存放该文件数据的分段：读取它时要获取的内容</translation>
    </message>
    <message>
        <source>Modification time, UTC</source>
        <translation>修改时间（UTC）</translation>
    </message>
    <message>
        <source>Whiteout (deleted in this layer)</source>
        <translation>删除标记（在此层中删除）</translation>
    </message>
    <message>
        <source>Regular file</source>
        <translation>普通文件</translation>
    </message>
    <message>
        <source>Folder (opaque: hides lower layers)</source>
        <translation>文件夹（不透明：遮盖下层）</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Symbolic link</source>
        <translation>符号链接</translation>
    </message>
    <message>
        <source>Character device %1:%2</source>
        <translation>字符设备 %1:%2</translation>
    </message>
    <message>
        <source>Block device %1:%2</source>
        <translation>块设备 %1:%2</translation>
    </message>
    <message>
        <source>Named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>whole layer</source>
        <translation>整层</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 字节</translation>
    </message>
    <message>
        <source>uid %1, gid %2</source>
        <translation>UID %1，GID %2</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Added by this layer</source>
        <translation>由此层添加</translation>
    </message>
    <message>
        <source>Modified: shadows what a lower layer put here</source>
        <translation>已修改：遮盖了下层在此放置的内容</translation>
    </message>
    <message>
        <source>Removed: this layer deletes it from the layers below</source>
        <translation>已删除：此层将其从下层中删除</translation>
    </message>
    <message>
        <source>Removed: this layer hides everything the layers below have in this folder</source>
        <translation>已删除：此层隐藏了下层在此文件夹中的全部内容</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>foreign tar+gzip</source>
        <translation>外部 tar+gzip</translation>
    </message>
    <message>
        <source>OCI manifest</source>
        <translation>OCI 清单</translation>
    </message>
    <message>
        <source>Docker manifest</source>
        <translation>Docker 清单</translation>
    </message>
    <message>
        <source>OCI image index</source>
        <translation>OCI 镜像索引</translation>
    </message>
    <message>
        <source>Docker manifest list</source>
        <translation>Docker 清单列表</translation>
    </message>
    <message>
        <source>SOCI index v1</source>
        <translation>SOCI 索引 v1</translation>
    </message>
    <message>
        <source>SOCI index v2</source>
        <translation>SOCI 索引 v2</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>The cache folder “%1” is not an absolute path; choose a folder with Browse….</source>
        <translation>缓存文件夹“%1”不是绝对路径；请用“浏览…”选择文件夹。</translation>
    </message>
    <message>
        <source>The cache folder “%1” cannot be created; choose a folder you may write to.</source>
        <translation>无法创建缓存文件夹“%1”；请选择一个您有写入权限的文件夹。</translation>
    </message>
    <message>
        <source>Sociscope cannot write in the cache folder “%1” (%2); choose a folder you may write to.</source>
        <translation>Sociscope 无法写入缓存文件夹“%1”（%2）；请选择一个您有写入权限的文件夹。</translation>
    </message>
    <message>
        <source>“%1” is not a proxy URL; type SCHEME://HOST:PORT, e.g. http://proxy.example.com:3128 (http, https, socks4, socks4a, socks5 or socks5h).</source>
        <translation>“%1”不是代理 URL；请输入 SCHEME://HOST:PORT，例如 http://proxy.example.com:3128（http、https、socks4、socks4a、socks5 或 socks5h）。</translation>
    </message>
    <message>
        <source>The extract folder “%1” does not exist; create it first or choose another.</source>
        <translation>提取文件夹“%1”不存在；请先创建它或选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>PreviewLoader</name>
    <message>
        <source>An image of %1, too large to preview; extract it instead.</source>
        <translation>图片大小为 %1，太大无法预览；请改为提取。</translation>
    </message>
    <message>
        <source>Looks like an ELF file but could not be read: %1</source>
        <translation>看起来是 ELF 文件，但无法读取：%1</translation>
    </message>
</context>
<context>
    <name>ShellWords</name>
    <message>
        <source>The line ends with a backslash that escapes nothing.</source>
        <translation>该行以反斜杠结尾，但它没有转义任何字符。</translation>
    </message>
    <message>
        <source>A single quote (&apos;) is not closed.</source>
        <translation>单引号（&apos;）未闭合。</translation>
    </message>
    <message>
        <source>A double quote (&quot;) is not closed.</source>
        <translation>双引号（&quot;）未闭合。</translation>
    </message>
</context>
<context>
    <name>SpanMapModel</name>
    <message>
        <source>untouched</source>
        <translation>未触及</translation>
    </message>
    <message>
        <source>fetched on demand</source>
        <translation>按需获取</translation>
    </message>
    <message>
        <source>served from the cache</source>
        <translation>由缓存提供</translation>
    </message>
    <message>
        <source>fetched in the background</source>
        <translation>在后台获取</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Layer %1, span %2: %3</source>
        <translation>第 %1 层，第 %2 个分段：%3</translation>
    </message>
    <message>
        <source>No file data: tar headers and padding only.</source>
        <translation>无文件数据：仅有 tar 头和填充。</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>…以及另外 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Read at startup (the startup profile)</source>
        <translation>启动时读取（启动配置文件）</translation>
    </message>
</context>
<context>
    <name>UserMessages</name>
    <message>
        <source>Could not %1</source>
        <translation>无法%1</translation>
    </message>
    <message>
        <source>the registry</source>
        <translation>镜像仓库</translation>
    </message>
    <message>
        <source>Check the network connection or proxy settings for %1, then retry (F5).</source>
        <translation>请检查 %1 的网络连接或代理设置，然后重试（F5）。</translation>
    </message>
    <message>
        <source>Check the repository, tag or folder name.</source>
        <translation>请检查存储库、标签或文件夹名称。</translation>
    </message>
    <message>
        <source>%1 sent bytes that do not match their digest; retry later.</source>
        <translation>%1 发送的数据与其摘要不符；请稍后重试。</translation>
    </message>
    <message>
        <source>This content uses a format Sociscope cannot read.</source>
        <translation>此内容的格式 Sociscope 无法读取。</translation>
    </message>
    <message>
        <source>Check that the folder exists and that you may read and write it.</source>
        <translation>请检查文件夹是否存在，以及您是否有读写权限。</translation>
    </message>
    <message>
        <source>Check what you typed.</source>
        <translation>请检查您的输入。</translation>
    </message>
    <message>
        <source>This is a bug in Sociscope; please report it.</source>
        <translation>这是 Sociscope 的缺陷，请报告此问题。</translation>
    </message>
    <message>
        <source>Add credentials for %1: right-click it under Registries and choose Set Credentials…, or use File → Add Registry….</source>
        <translation>为 %1 添加凭据：在“镜像仓库”下右键单击它并选择“设置凭据…”，或使用“文件 → 添加镜像仓库…”。</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::AddRegistryDialog</name>
    <message>
        <source>Use plain &amp;HTTP (loopback registries always do)</source>
        <translation>使用明文 HTTP(&amp;H)（回环地址的镜像仓库总是如此）</translation>
    </message>
    <message>
        <source>Do not &amp;verify the TLS certificate</source>
        <translation>不校验 TLS 证书(&amp;V)</translation>
    </message>
    <message>
        <source>Add Registry</source>
        <translation>添加镜像仓库</translation>
    </message>
    <message>
        <source>registry.example.com or 127.0.0.1:5000</source>
        <translation>registry.example.com 或 127.0.0.1:5000</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>optional: password or access token</source>
        <translation>可选：密码或访问令牌</translation>
    </message>
    <message>
        <source>Credentials are stored the way “docker login” stores them: through your Docker credential helper or credential store when one is configured in ~/.docker/config.json.</source>
        <translation>凭据的保存方式与“docker login”相同：如果 ~/.docker/config.json 中配置了 Docker 凭据助手或凭据存储，则通过它们保存。</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>镜像仓库(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Credentials for %1</source>
        <translation>%1 的凭据</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Trying the credentials with %1…</source>
        <translation>正在向 %1 验证凭据…</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareDialog</name>
    <message>
        <source>Compare With</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>A tag of %1, or any image reference</source>
        <translation>%1 的一个标签，或任意镜像引用</translation>
    </message>
    <message>
        <source>Compare %1 &amp;with:</source>
        <translation>将 %1 与以下比较(&amp;W):</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比较(&amp;M)</translation>
    </message>
    <message>
        <source>“%1” is not a tag or an image reference.</source>
        <translation>“%1”不是标签，也不是镜像引用。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareJob</name>
    <message>
        <source>compare the images</source>
        <translation>比较镜像</translation>
    </message>
    <message>
        <source>packages of B</source>
        <translation>B 的软件包</translation>
    </message>
    <message>
        <source>packages of A</source>
        <translation>A 的软件包</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CompareModel</name>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Content not compared</source>
        <translation>内容未比较</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>type %1 → %2</source>
        <translation>类型 %1 → %2</translation>
    </message>
    <message>
        <source>mode %1 → %2</source>
        <translation>权限 %1 → %2</translation>
    </message>
    <message>
        <source>owner %1:%2 → %3:%4</source>
        <translation>所有者 %1:%2 → %3:%4</translation>
    </message>
    <message>
        <source>size %L1 → %L2</source>
        <translation>大小 %L1 → %L2</translation>
    </message>
    <message>
        <source>link target %1 → %2</source>
        <translation>链接目标 %1 → %2</translation>
    </message>
    <message>
        <source>content differs</source>
        <translation>内容不同</translation>
    </message>
    <message>
        <source>content not compared (Compare Contents reads it)</source>
        <translation>内容未比较（“比较内容”会读取）</translation>
    </message>
    <message>
        <source>content equal</source>
        <translation>内容相同</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%L1 added</source>
        <translation>新增 %L1 项</translation>
    </message>
    <message>
        <source>%L1 removed</source>
        <translation>删除 %L1 项</translation>
    </message>
    <message>
        <source>%L1 changed</source>
        <translation>更改 %L1 项</translation>
    </message>
    <message>
        <source>%L1 not compared</source>
        <translation>%L1 项未比较</translation>
    </message>
    <message>
        <source>%L1 equal</source>
        <translation>%L1 项相同</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Changes below</source>
        <translation>下级更改</translation>
    </message>
    <message>
        <source>Below: %1</source>
        <translation>下级：%1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ComparePage</name>
    <message>
        <source>Compare &amp;Contents</source>
        <translation>比较内容(&amp;C)</translation>
    </message>
    <message>
        <source>Read &amp;Packages</source>
        <translation>读取软件包(&amp;P)</translation>
    </message>
    <message>
        <source>All changes</source>
        <translation>所有变化</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Filter paths</source>
        <translation>筛选路径</translation>
    </message>
    <message>
        <source>Read the changed files whose content is not known from the indexes (their spans only) and compare their bytes</source>
        <translation>读取索引无法确定内容的已更改文件（仅其 span）并比较字节</translation>
    </message>
    <message>
        <source>Read both images&apos; package lists (dpkg, rpm, apk, Python, conda, CUDA) lazily</source>
        <translation>按需读取两个镜像的软件包列表（dpkg、rpm、apk、Python、conda、CUDA）</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Packages</source>
        <translation>软件包(&amp;P)</translation>
    </message>
    <message>
        <source>%1  ⇄  %2</source>
        <translation>%1  ⇄  %2</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Select a changed file to see both sides.</source>
        <translation>选择一个已更改的文件以查看两侧。</translation>
    </message>
    <message>
        <source>%1: %L2 of %L3</source>
        <translation>%1：%L2 / %L3</translation>
    </message>
    <message>
        <source>No differences: both name the same image %1.</source>
        <translation>没有差异：两者指向同一镜像 %1。</translation>
    </message>
    <message>
        <source>%L1 added, %L2 removed, %L3 changed, %L4 with content not compared, %L5 equal</source>
        <translation>新增 %L1，删除 %L2，更改 %L3，内容未比较 %L4，相同 %L5</translation>
    </message>
    <message numerus="yes">
        <source>%n shared layer(s) skipped (%1 both images share)</source>
        <translation>
            <numerusform>跳过了 %n 个共享层（两个镜像共享 %1）</numerusform>
        </translation>
    </message>
    <message>
        <source>the comparison fetched %1</source>
        <translation>本次比较获取了 %1</translation>
    </message>
    <message>
        <source>%1 of file contents compared</source>
        <translation>已比较 %1 文件内容</translation>
    </message>
    <message numerus="yes">
        <source>%n package change(s)</source>
        <translation>
            <numerusform>%n 个软件包变化</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a regular file on both sides: the reason column says what changed.</source>
        <translation>%1 并非两侧都是普通文件：“原因”列说明了变化。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>%1 did not change itself; below it: %2.</source>
        <translation>%1 本身未更改；其下：%2。</translation>
    </message>
    <message>
        <source>Reading the layers&apos; file lists</source>
        <translation>正在读取各层的文件列表</translation>
    </message>
    <message>
        <source>Reading the shared layers</source>
        <translation>正在读取共享层</translation>
    </message>
    <message>
        <source>Comparing paths</source>
        <translation>正在比较路径</translation>
    </message>
    <message>
        <source>Comparing contents</source>
        <translation>正在比较内容</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ConfigModel</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Entrypoint</source>
        <translation>入口点</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>/ (not set)</source>
        <translation>/（未设置）</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>root (not set)</source>
        <translation>root（未设置）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n 个条目</numerusform>
        </translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation>暴露端口</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Stop signal</source>
        <translation>停止信号</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CreateIndexDialog</name>
    <message>
        <source>Push a SOCI-enabled &amp;copy as a tag of its own (index v2, like soci convert)</source>
        <translation>以单独标签推送启用 SOCI 的副本（索引 v2，同 soci convert）(&amp;C)</translation>
    </message>
    <message>
        <source>Push only the &amp;index, beside this image (v1; the image stays as it is)</source>
        <translation>仅推送索引，放在此镜像旁（v1；镜像保持不变）(&amp;I)</translation>
    </message>
    <message>
        <source>Create SOCI Index</source>
        <translation>创建 SOCI 索引</translation>
    </message>
    <message>
        <source>Build the zTOCs of %1&apos;s layers and push a SOCI index, so that it can be browsed and run lazily. Each layer is read once, whole.</source>
        <translation>为 %1 的各层构建 zTOC 并推送 SOCI 索引，以便按需浏览和运行。每层会被完整读取一次。</translation>
    </message>
    <message>
        <source>The compressed bytes per span: smaller spans make reads of single files cheaper and the index bigger. sociscopectl uses %1.</source>
        <translation>每个 span 的压缩字节数：span 越小，读取单个文件越省，索引越大。sociscopectl 默认 %1。</translation>
    </message>
    <message>
        <source>Layers smaller than this get no zTOC and are read whole. sociscopectl uses %1.</source>
        <translation>小于此大小的层不生成 zTOC，将被完整读取。sociscopectl 默认 %1。</translation>
    </message>
    <message>
        <source>The tag the SOCI-enabled copy is pushed to, in %1</source>
        <translation>启用 SOCI 的副本在 %1 中推送到的标签</translation>
    </message>
    <message>
        <source>&amp;Span size:</source>
        <translation>Span 大小(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Minimum layer size:</source>
        <translation>最小层大小(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Target tag:</source>
        <translation>目标标签(&amp;T)：</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>分段</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>创建(&amp;R)</translation>
    </message>
    <message>
        <source>Copying the image&apos;s blobs to the target where they are missing…</source>
        <translation>正在将镜像中目标缺少的 blob 复制过去…</translation>
    </message>
    <message>
        <source>“%1” is not a tag: use letters, digits, “_”, “.” and “-”, up to 128, not starting with “.” or “-”.</source>
        <translation>“%1”不是有效标签：只能使用字母、数字、“_”、“.”和“-”，最多 128 个，且不能以“.”或“-”开头。</translation>
    </message>
    <message>
        <source>The target tag is the image&apos;s own tag: choose another (%1 is the usual one).</source>
        <translation>目标标签与镜像自身的标签相同：请另选一个（通常为 %1）。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Layer %1 of %2: building its zTOC, %3 of %4 read</source>
        <translation>第 %1 层，共 %2 层：正在构建 zTOC，已读取 %3 / %4</translation>
    </message>
    <message>
        <source>%1 of %2 layers done</source>
        <translation>已完成 %1 / %2 层</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was tagged; blobs already pushed stay unreferenced.</source>
        <translation>已取消。未创建任何标签；已推送的 blob 保持未被引用。</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>SOCI index %1</source>
        <translation>SOCI 索引 %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No zTOC: %1</source>
        <translation>无 zTOC：%1</translation>
    </message>
    <message>
        <source>Pushed %1 (%2), a SOCI-enabled copy: %3 of %4 layers indexed.</source>
        <translation>已推送 %1（%2），一个启用 SOCI 的副本：已为 %4 层中的 %3 层建立索引。</translation>
    </message>
    <message>
        <source>&amp;Open %1</source>
        <translation>打开 %1(&amp;O)</translation>
    </message>
    <message>
        <source>Pushed SOCI index %1 for %2: %3 of %4 layers indexed.</source>
        <translation>已为 %2 推送 SOCI 索引 %1：已为 %4 层中的 %3 层建立索引。</translation>
    </message>
    <message>
        <source>&amp;Reopen %1 with its index</source>
        <translation>重新打开带索引的 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::CreateIndexJob</name>
    <message>
        <source>create a SOCI-enabled copy of %1 as %2</source>
        <translation>将 %1 的启用 SOCI 的副本创建为 %2</translation>
    </message>
    <message>
        <source>create and push a SOCI index for %1</source>
        <translation>为 %1 创建并推送 SOCI 索引</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DaemonMounts</name>
    <message>
        <source>turned off by SOCISCOPE_NO_DAEMON</source>
        <translation>已被 SOCISCOPE_NO_DAEMON 关闭</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DemoImage</name>
    <message>
        <source>Building the demo image…</source>
        <translation>正在构建演示镜像…</translation>
    </message>
    <message>
        <source>Indexing layer %1 of %2 of the demo image…</source>
        <translation>正在为演示镜像的第 %1 层（共 %2 层）建立索引…</translation>
    </message>
    <message>
        <source>make the demo image in %1</source>
        <translation>在 %1 中生成演示镜像</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::DragStager</name>
    <message>
        <source>A whiteout only marks a deletion: there is nothing to drag.</source>
        <translation>删除标记仅表示删除：没有可拖动的内容。</translation>
    </message>
    <message>
        <source>More than %L1 entries: too many to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).</source>
        <translation>超过 %L1 个条目：没有 Sociscope 守护进程时无法拖动这么多。请使用“提取到…”（Ctrl+E）。</translation>
    </message>
    <message>
        <source>Larger than %1: too large to drag without the Sociscope daemon. Use Extract to… (Ctrl+E).</source>
        <translation>大于 %1：没有 Sociscope 守护进程时无法拖动这么大的内容。请使用“提取到…”（Ctrl+E）。</translation>
    </message>
    <message>
        <source>Cannot create the staging folder %1</source>
        <translation>无法创建暂存文件夹 %1</translation>
    </message>
    <message>
        <source>%1 was not written: %2</source>
        <translation>%1 未写入：%2</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>原因未知</translation>
    </message>
    <message>
        <source>%1 came out at %2 bytes instead of %3</source>
        <translation>%1 的大小为 %2 字节，而不是 %3</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchChart</name>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Whole image: %1</source>
        <translation>整个镜像：%1</translation>
    </message>
    <message>
        <source>Whole image: unknown</source>
        <translation>整个镜像：未知</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchPanel</name>
    <message>
        <source>Scale to the &amp;whole image</source>
        <translation>缩放到整个镜像(&amp;W)</translation>
    </message>
    <message>
        <source>Draw the axis up to the image&apos;s full size, so the reference line shows how little was fetched.</source>
        <translation>将坐标轴画到镜像的完整大小，让参考线显示实际获取的数据有多少。</translation>
    </message>
    <message>
        <source>No image shown</source>
        <translation>未显示镜像</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n span(s) touched</source>
        <translation>
            <numerusform>%1 · %2 · 已触及 %n 个分段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) lost</source>
        <translation>
            <numerusform>丢失 %n 个事件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FetchProgress</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>waiting for the registry</source>
        <translation>等待镜像仓库</translation>
    </message>
    <message>
        <source>%1 fetched · %2</source>
        <translation>已获取 %1 · %2</translation>
    </message>
    <message>
        <source>%1 of %2 fetched (%L3 %)</source>
        <translation>已获取 %1 / %2（%L3 %）</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FileExport</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Preparing the drag: %1 of %2 fetched…</source>
        <translation>正在准备拖动：已获取 %1 / %2…</translation>
    </message>
    <message>
        <source>Could not prepare the drag: %1</source>
        <translation>无法准备拖动：%1</translation>
    </message>
    <message>
        <source>Extract to</source>
        <translation>提取到</translation>
    </message>
    <message>
        <source>An extraction is running</source>
        <translation>提取正在进行</translation>
    </message>
    <message>
        <source>Wait for it, or cancel it, before starting another.</source>
        <translation>请等待其完成或取消它，再开始新的提取。</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n 个条目</numerusform>
        </translation>
    </message>
    <message>
        <source>Extraction cancelled</source>
        <translation>提取已取消</translation>
    </message>
    <message>
        <source>Files already written stay; none is left half-written.</source>
        <translation>已写入的文件会保留；不会留下写了一半的文件。</translation>
    </message>
    <message>
        <source>Could not extract to %1</source>
        <translation>无法提取到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Extracted %n file(s), %1, to %2</source>
        <translation>
            <numerusform>已将 %n 个文件（%1）提取到 %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) skipped for safety, e.g. %1: %2</source>
        <translation>
            <numerusform>出于安全原因跳过了 %n 个条目，例如 %1：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>A whiteout only marks a deletion: there is nothing to drag.</source>
        <translation>删除标记仅表示删除：没有可拖动的内容。</translation>
    </message>
    <message>
        <source>Preparing the drag: the Sociscope daemon is mounting this image…</source>
        <translation>正在准备拖动：Sociscope 守护进程正在挂载此镜像…</translation>
    </message>
    <message>
        <source>(The daemon: %1.)</source>
        <translation>（守护进程：%1。）</translation>
    </message>
    <message>
        <source>Preparing the drag: fetching %1 first…</source>
        <translation>正在准备拖动：先获取 %1…</translation>
    </message>
    <message>
        <source>Ready to drag: drag it again to drop it in a folder.</source>
        <translation>可以拖动了：再拖动一次即可放到文件夹中。</translation>
    </message>
    <message>
        <source>Drags go without the Sociscope daemon</source>
        <translation>拖动未经过 Sociscope 守护进程</translation>
    </message>
    <message>
        <source>Small files are fetched before the drag starts; use Extract to… (Ctrl+E) for large ones.</source>
        <translation>小文件会在拖动开始前获取；大文件请使用“提取到…”（Ctrl+E）。</translation>
    </message>
    <message>
        <source>Extracting %1 to %2</source>
        <translation>正在将 %1 提取到 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written, %1</source>
        <translation>
            <numerusform>已写入 %n 个文件，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>无法打开该文件</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Opening: fetching %1 first…</source>
        <translation>打开：先获取 %1…</translation>
    </message>
    <message>
        <source>No application could open %1</source>
        <translation>没有应用程序能打开 %1</translation>
    </message>
    <message>
        <source>the desktop has no default application for it, or no launcher (xdg-open) is installed</source>
        <translation>桌面没有为其设置默认应用程序，或未安装启动器（xdg-open）</translation>
    </message>
    <message>
        <source>It was fetched to %1; use Extract to… to keep a copy.</source>
        <translation>它已获取到 %1；使用“提取到…”保留副本。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FileFilterBar</name>
    <message>
        <source>The merged tree (every layer applied, whiteouts removed) or one layer&apos;s own files</source>
        <translation>合并后的目录树（应用所有层并去除删除标记），或单个层自身的文件</translation>
    </message>
    <message>
        <source>Find files by name… (Ctrl+F)</source>
        <translation>按名称查找文件…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Name contains</source>
        <translation>名称包含</translation>
    </message>
    <message>
        <source>Glob</source>
        <translation>通配符</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>Contains: the text anywhere in the name. Glob: *.so, lib*.so.*. Regex: POSIX extended (with \d). A pattern with / is matched against the whole path.</source>
        <translation>包含：文本出现在名称中任意位置。通配符：*.so、lib*.so.*。正则表达式：POSIX 扩展语法（支持 \d）。含 / 的模式匹配完整路径。</translation>
    </message>
    <message>
        <source>Min size</source>
        <translation>最小大小</translation>
    </message>
    <message>
        <source>Only files at least this large: 1500, 10k, 4.5M, 2G</source>
        <translation>只显示不小于此大小的文件：1500、10k、4.5M、2G</translation>
    </message>
    <message>
        <source>Any layer</source>
        <translation>任意层</translation>
    </message>
    <message>
        <source>Only entries made by this layer</source>
        <translation>只显示此层生成的条目</translation>
    </message>
    <message>
        <source>All layers (merged)</source>
        <translation>所有层（合并）</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>All entries</source>
        <translation>全部条目</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>List what this layer adds, modifies (shadows a lower layer&apos;s file) or removes (whiteouts and opaque folders), with the folders on their way</source>
        <translation>列出此层添加、修改（遮盖下层文件）或删除（whiteout 与不透明文件夹）的条目，以及其所在的文件夹</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::FilesPage</name>
    <message>
        <source>Extract to…</source>
        <translation>提取到…</translation>
    </message>
    <message>
        <source>Searching… %L1 found</source>
        <translation>正在搜索… 已找到 %L1 个</translation>
    </message>
    <message>
        <source>Cannot search: %1</source>
        <translation>无法搜索：%1</translation>
    </message>
    <message>
        <source>Nothing found among %L1 entries (%2 s)</source>
        <translation>在 %L1 个条目中未找到（%2 秒）</translation>
    </message>
    <message>
        <source>%L1 found among %L2 entries in %3 s · double-click one to show it in the tree</source>
        <translation>在 %L2 个条目中找到 %L1 个，用时 %3 秒 · 双击可在目录树中显示</translation>
    </message>
    <message>
        <source>Reading the file list from the zTOCs…</source>
        <translation>正在从 zTOC 读取文件列表…</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) of this image have no zTOC: listing its files fetches them whole (%1).</source>
        <translation>
            <numerusform>此镜像有 %n 个层没有 zTOC：列出其文件需要完整获取这些层（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <source>List the files anyway</source>
        <translation>仍然列出文件</translation>
    </message>
    <message>
        <source>not verified</source>
        <translation>未校验</translation>
    </message>
    <message>
        <source>Select a file to see what is in it.</source>
        <translation>选择一个文件以查看其内容。</translation>
    </message>
    <message>
        <source>The file list is read when you open this tab.</source>
        <translation>打开此标签页时读取文件列表。</translation>
    </message>
    <message>
        <source>verifying…</source>
        <translation>正在校验…</translation>
    </message>
    <message>
        <source>The list was read from the zTOCs&apos; file tables alone; the whole zTOCs are being fetched and checked against the SOCI index.</source>
        <translation>此列表仅读取自 zTOC 的文件表；正在获取完整的 zTOC 并对照 SOCI 索引进行校验。</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <source>Every zTOC behind this list matched its digest in the SOCI index.</source>
        <translation>此列表所依据的每个 zTOC 都与 SOCI 索引中的摘要一致。</translation>
    </message>
    <message>
        <source>Reading the files of layer %1…</source>
        <translation>正在读取第 %1 层的文件…</translation>
    </message>
    <message numerus="yes">
        <source>%L1 entries in %n layer(s), merged</source>
        <translation>
            <numerusform>%n 个层中的 %L1 个条目（已合并）</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 entries made by layer %2</source>
        <translation>第 %2 层生成的 %L1 个条目</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No match.</source>
        <translation>无匹配项。</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Show in Tree</source>
        <translation>在目录树中显示</translation>
    </message>
    <message>
        <source>%L1 entries made by layer %2: %L3 added, %L4 modified, %L5 removed · %6 wasted</source>
        <translation>第 %2 层的 %L1 个条目：添加 %L3，修改 %L4，删除 %L5 · 浪费 %6</translation>
    </message>
    <message numerus="yes">
        <source>Wasted: bytes of this layer&apos;s files that upper layers overwrite or remove (%n file(s)); they are shipped and stored but never seen in the image.</source>
        <translation>
            <numerusform>浪费：此层中被上层覆盖或删除的文件字节（%n 个文件）；它们被传输和存储，但在镜像中永远不可见。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 points to “%2”, outside the image: not followed</source>
        <translation>%1 指向“%2”，位于镜像之外：未跟随</translation>
    </message>
    <message>
        <source>%1 points to %2, which is not in this image</source>
        <translation>%1 指向 %2，但此镜像中没有它</translation>
    </message>
    <message>
        <source>%1 points to %2, which is not in layer %3</source>
        <translation>%1 指向 %2，但第 %3 层中没有它</translation>
    </message>
    <message>
        <source>%1 points to %2, which the change filter hides: choose “All entries” to see it</source>
        <translation>%1 指向 %2，但变更筛选将其隐藏：选择“全部条目”即可看到</translation>
    </message>
    <message>
        <source>Follow Link</source>
        <translation>跟随链接</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Fetch the file and open it with the desktop&apos;s default application</source>
        <translation>获取该文件并用桌面的默认应用程序打开</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::HistoryModel</name>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Created by</source>
        <translation>创建命令</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>This step changed only the configuration</source>
        <translation>此步骤只修改了配置</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImageOverview</name>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Working dir</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Contents of this reference</source>
        <translation>此引用的内容</translation>
    </message>
    <message>
        <source>Looking for a SOCI index…</source>
        <translation>正在查找 SOCI 索引…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>nothing set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>%1 · %2 compressed</source>
        <translation>%1 · 压缩后 %2</translation>
    </message>
    <message>
        <source>%1 of %2 covered by SOCI (%3 %)</source>
        <translation>SOCI 覆盖 %1 / %2（%3 %）</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n layer(s) read lazily</source>
        <translation>
            <numerusform>%n 个层中有 %1 个按需读取</numerusform>
        </translation>
    </message>
    <message>
        <source>Layer %1: %2, %3</source>
        <translation>第 %1 层：%2，%3</translation>
    </message>
    <message>
        <source>No SOCI index</source>
        <translation>没有 SOCI 索引</translation>
    </message>
    <message>
        <source>Every layer is fetched whole before a container can start. Make a SOCI-enabled copy with “%1”.</source>
        <translation>容器启动前需要完整获取每一层。可用“%1”生成启用 SOCI 的副本。</translation>
    </message>
    <message>
        <source>SOCI index v%1  ·  %2</source>
        <translation>SOCI 索引 v%1  ·  %2</translation>
    </message>
    <message numerus="yes">
        <source>Found through the %1 · %n zTOC(s) · index %2</source>
        <translation>
            <numerusform>通过%1找到 · %n 个 zTOC · 索引 %2</numerusform>
        </translation>
    </message>
    <message>
        <source> · built by %1</source>
        <translation> · 由 %1 构建</translation>
    </message>
    <message>
        <source>Could not read the SOCI index</source>
        <translation>无法读取 SOCI 索引</translation>
    </message>
    <message>
        <source>manifest annotation</source>
        <translation>清单注解</translation>
    </message>
    <message>
        <source>referrers</source>
        <translation>引用者</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <source>counted when the file list is read (Files tab)</source>
        <translation>读取文件列表时统计（“文件”标签页）</translation>
    </message>
    <message>
        <source>nothing: no layer overwrites or removes a file of a lower one</source>
        <translation>无：没有任何层覆盖或删除下层的文件</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n file(s) overwritten or removed by upper layers</source>
        <translation>
            <numerusform>%n 个文件中的 %1 被上层覆盖或删除</numerusform>
        </translation>
    </message>
    <message>
        <source>%L1 bytes shipped and stored in lower layers but never seen in the image</source>
        <translation>%L1 字节在下层中被传输和存储，但在镜像中永远不可见</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImagePage</name>
    <message>
        <source>&amp;Platform:</source>
        <translation>平台(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>概览(&amp;O)</translation>
    </message>
    <message>
        <source>F&amp;iles</source>
        <translation>文件(&amp;I)</translation>
    </message>
    <message>
        <source>In&amp;ventory</source>
        <translation>软件清单(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Layers</source>
        <translation>层(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Configuration</source>
        <translation>配置(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Referrers</source>
        <translation>引用者(&amp;R)</translation>
    </message>
    <message>
        <source>No image open</source>
        <translation>未打开镜像</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Could not open %1
%2</source>
        <translation>无法打开 %1
%2</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n platform(s)</source>
        <translation>
            <numerusform>%n 个平台</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 holds no runnable image</source>
        <translation>%1 不包含可运行的镜像</translation>
    </message>
    <message>
        <source>read the SOCI index of %1</source>
        <translation>读取 %1 的 SOCI 索引</translation>
    </message>
    <message>
        <source>Some referrers could not be listed: %1</source>
        <translation>部分引用者无法列出：%1</translation>
    </message>
    <message>
        <source>The layers and their coverage are complete.</source>
        <translation>层及其覆盖情况已完整。</translation>
    </message>
    <message>
        <source>&amp;Mount…</source>
        <translation>挂载(&amp;M)…</translation>
    </message>
    <message>
        <source>R&amp;un…</source>
        <translation>运行(&amp;U)…</translation>
    </message>
    <message>
        <source>Mount this image as a folder and open it in the file manager; files are fetched as they are read.</source>
        <translation>将此镜像挂载为文件夹并在文件管理器中打开；文件在读取时才获取。</translation>
    </message>
    <message>
        <source>Asking the daemon whether runs are possible…</source>
        <translation>正在询问守护进程能否运行…</translation>
    </message>
    <message>
        <source>Run this image lazily in a console tab: only the bytes it reads are fetched.</source>
        <translation>在控制台标签页中按需运行此镜像：只获取它读取的字节。</translation>
    </message>
    <message>
        <source>&amp;Space</source>
        <translation>空间(&amp;S)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Com&amp;pare With…</source>
        <translation>比较(&amp;P)…</translation>
    </message>
    <message>
        <source>Compare this image file by file with another tag or image, from their indexes</source>
        <translation>根据索引，将此镜像与另一个标签或镜像逐文件比较</translation>
    </message>
    <message>
        <source>Copy the reference, the digest, or a command that pulls or runs this image</source>
        <translation>复制引用、摘要，或拉取或运行此镜像的命令</translation>
    </message>
    <message>
        <source>S&amp;tartup</source>
        <translation>启动配置(&amp;T)</translation>
    </message>
    <message>
        <source>Create SOCI &amp;Index…</source>
        <translation>创建 SOCI 索引(&amp;I)…</translation>
    </message>
    <message>
        <source>Build this image&apos;s zTOCs and push a SOCI index, as a -soci twin or beside it</source>
        <translation>构建此镜像的 zTOC 并推送 SOCI 索引，作为 -soci 孪生镜像或放在其旁</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ImageSession</name>
    <message>
        <source>No layer</source>
        <translation>无层</translation>
    </message>
    <message>
        <source>Layer %1 · %2 · %3</source>
        <translation>第 %1 层 · %2 · %3</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>read the file list of %1</source>
        <translation>读取 %1 的文件列表</translation>
    </message>
    <message>
        <source>check the file list of %1 against its zTOCs</source>
        <translation>对照 zTOC 校验 %1 的文件列表</translation>
    </message>
    <message>
        <source>list layer %1</source>
        <translation>列出第 %1 层</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryModel</name>
    <message>
        <source>Debian package</source>
        <translation>Debian 软件包</translation>
    </message>
    <message>
        <source>Alpine package</source>
        <translation>Alpine 软件包</translation>
    </message>
    <message>
        <source>RPM package</source>
        <translation>RPM 软件包</translation>
    </message>
    <message>
        <source>Python package</source>
        <translation>Python 软件包</translation>
    </message>
    <message>
        <source>Conda package</source>
        <translation>Conda 软件包</translation>
    </message>
    <message>
        <source>NVIDIA CUDA</source>
        <translation>NVIDIA CUDA</translation>
    </message>
    <message numerus="yes">
        <source>%n Debian package(s)</source>
        <translation>
            <numerusform>%n 个 Debian 软件包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Alpine package(s)</source>
        <translation>
            <numerusform>%n 个 Alpine 软件包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n RPM package(s)</source>
        <translation>
            <numerusform>%n 个 RPM 软件包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Python package(s)</source>
        <translation>
            <numerusform>%n 个 Python 软件包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conda package(s)</source>
        <translation>
            <numerusform>%n 个 Conda 软件包</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n CUDA component(s)</source>
        <translation>
            <numerusform>%n 个 CUDA 组件</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>简介</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>License: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <source>Installed size: %1</source>
        <translation>安装大小：%1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::InventoryPage</name>
    <message>
        <source>Filter packages… (Ctrl+F)</source>
        <translation>筛选软件包…（Ctrl+F）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Debian packages</source>
        <translation>Debian 软件包</translation>
    </message>
    <message>
        <source>Alpine packages</source>
        <translation>Alpine 软件包</translation>
    </message>
    <message>
        <source>RPM packages</source>
        <translation>RPM 软件包</translation>
    </message>
    <message>
        <source>Python packages</source>
        <translation>Python 软件包</translation>
    </message>
    <message>
        <source>Conda packages</source>
        <translation>Conda 软件包</translation>
    </message>
    <message>
        <source>NVIDIA CUDA</source>
        <translation>NVIDIA CUDA</translation>
    </message>
    <message>
        <source>Reading the file list from the zTOCs…</source>
        <translation>正在从 zTOC 读取文件列表…</translation>
    </message>
    <message>
        <source>Listing this image&apos;s files fetches %1 of layers without a zTOC; allow it on the Files tab.</source>
        <translation>列出此镜像的文件需要从没有 zTOC 的层中获取 %1；请在“文件”标签页中允许。</translation>
    </message>
    <message>
        <source>The inventory is read when you open this tab.</source>
        <translation>打开此标签页时读取软件清单。</translation>
    </message>
    <message>
        <source>Looking for package databases and version files…</source>
        <translation>正在查找软件包数据库和版本文件…</translation>
    </message>
    <message>
        <source>Reading %1 of %2: %3</source>
        <translation>正在读取 %1 / %2：%3</translation>
    </message>
    <message>
        <source>Could not read the inventory: %1</source>
        <translation>无法读取软件清单：%1</translation>
    </message>
    <message>
        <source>read the inventory</source>
        <translation>读取软件清单</translation>
    </message>
    <message>
        <source>No package database or version file found.</source>
        <translation>未找到软件包数据库或版本文件。</translation>
    </message>
    <message numerus="yes">
        <source>read %n file(s), %1, in %2 s</source>
        <translation>
            <numerusform>读取了 %n 个文件（%1），用时 %2 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Not read: %1 (%2)</source>
        <translation>未读取：%1（%2）</translation>
    </message>
    <message>
        <source>No packages found: no dpkg, apk or RPM database, no Python or conda packages, no CUDA version files.</source>
        <translation>未找到软件包：没有 dpkg、apk 或 RPM 数据库，没有 Python 或 Conda 软件包，也没有 CUDA 版本文件。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerExportJob</name>
    <message>
        <source>save layer %1 of %2 to %3</source>
        <translation>将 %2 的层 %1 保存到 %3</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>媒体类型</translation>
    </message>
    <message>
        <source>zTOC</source>
        <translation>zTOC</translation>
    </message>
    <message>
        <source>Span size</source>
        <translation>分段大小</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>分段</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取方式</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Layer number, bottom layer first</source>
        <translation>层序号，最底层在前</translation>
    </message>
    <message>
        <source>Whether the SOCI index has a zTOC (table of contents) for this layer</source>
        <translation>SOCI 索引是否包含此层的 zTOC（目录表）</translation>
    </message>
    <message>
        <source>Independently fetchable pieces of the layer</source>
        <translation>层中可单独获取的数据块</translation>
    </message>
    <message>
        <source>Regular files listed in the zTOC</source>
        <translation>zTOC 中列出的普通文件</translation>
    </message>
    <message>
        <source>Lazily (only the spans a file needs) or whole (the layer is fetched in full)</source>
        <translation>按需（只获取文件所需的分段）或整层（完整获取该层）</translation>
    </message>
    <message>
        <source>Lazily</source>
        <translation>按需</translation>
    </message>
    <message>
        <source>Whole · too small</source>
        <translation>整层 · 太小</translation>
    </message>
    <message>
        <source>Whole · zstd</source>
        <translation>整层 · zstd</translation>
    </message>
    <message>
        <source>Whole · media type</source>
        <translation>整层 · 媒体类型</translation>
    </message>
    <message>
        <source>Whole · refused</source>
        <translation>整层 · 被拒绝</translation>
    </message>
    <message>
        <source>Whole · not indexed</source>
        <translation>整层 · 未索引</translation>
    </message>
    <message>
        <source>Whole · no index</source>
        <translation>整层 · 无索引</translation>
    </message>
    <message>
        <source>zTOC present: a file is fetched span by span</source>
        <translation>有 zTOC：文件按分段逐个获取</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>zTOC %1, %2</source>
        <translation>zTOC %1，%2</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 字节</translation>
    </message>
    <message>
        <source>Not in the index (%1 is below the default minimum layer size of 10 MiB)</source>
        <translation>不在索引中（%1 低于默认的最小层大小 10 MiB）</translation>
    </message>
    <message>
        <source>%1 is below the minimum layer size of %2</source>
        <translation>%1 低于最小层大小 %2</translation>
    </message>
    <message>
        <source>Media type %1 cannot be indexed</source>
        <translation>媒体类型 %1 无法建立索引</translation>
    </message>
    <message>
        <source>Zstd (SOCI has no zTOCs for zstd layers)</source>
        <translation>Zstd（SOCI 不为 zstd 层提供 zTOC）</translation>
    </message>
    <message>
        <source>The image has no SOCI index</source>
        <translation>此镜像没有 SOCI 索引</translation>
    </message>
    <message>
        <source>The index has no zTOC for this layer (skipped or refused when it was built)</source>
        <translation>索引中没有此层的 zTOC（构建时被跳过或拒绝）</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <source>Bytes of this layer&apos;s files that upper layers overwrite or remove: shipped, never seen (counted when the file list is read)</source>
        <translation>此层中被上层覆盖或删除的文件字节：被传输但永远不可见（读取文件列表时统计）</translation>
    </message>
    <message numerus="yes">
        <source>%L1 bytes in %n file(s)</source>
        <translation>
            <numerusform>%n 个文件共 %L1 字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayerSaver</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Saving layer %1…</source>
        <translation>正在保存层 %1…</translation>
    </message>
    <message>
        <source>Saving layer %1: %2 of %3</source>
        <translation>正在保存层 %1：%2 / %3</translation>
    </message>
    <message>
        <source>Saving layer %1 was cancelled; nothing was written.</source>
        <translation>已取消保存层 %1；未写入任何内容。</translation>
    </message>
    <message>
        <source>Saved layer %1 to %2 (%3, verified against %4).</source>
        <translation>已将层 %1 保存到 %2（%3，已对照 %4 校验）。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::LayersTab</name>
    <message>
        <source>Looking for a SOCI index…</source>
        <translation>正在查找 SOCI 索引…</translation>
    </message>
    <message>
        <source>Could not read the SOCI index</source>
        <translation>无法读取 SOCI 索引</translation>
    </message>
    <message>
        <source>%L1 of %L2 bytes</source>
        <translation>%L1 / %L2 字节</translation>
    </message>
    <message>
        <source>This image has no SOCI index: every layer is read whole. Make one with “%1”.</source>
        <translation>此镜像没有 SOCI 索引：每一层都会完整读取。可用“%1”生成索引。</translation>
    </message>
    <message>
        <source>Only a SOCI v1 index (found through referrers) covers this image. v1 indexes are deprecated and soci-snapshotter 0.10 and later ignore them unless told otherwise; convert the image to get a v2 index.</source>
        <translation>只有一个 SOCI v1 索引（通过引用者找到）覆盖此镜像。v1 索引已弃用，soci-snapshotter 0.10 及更高版本默认会忽略它；请转换镜像以获得 v2 索引。</translation>
    </message>
    <message>
        <source>SOCI index v2, bound to this image by its manifest annotation.</source>
        <translation>SOCI 索引 v2，通过清单注解与此镜像绑定。</translation>
    </message>
    <message>
        <source>Wasted space is counted when the file list is read (Files tab).</source>
        <translation>读取文件列表时统计浪费的空间（“文件”标签页）。</translation>
    </message>
    <message>
        <source>&amp;Save Layer As…</source>
        <translation>层另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the selected layer&apos;s blob to a file, verified against its digest</source>
        <translation>将所选层的 blob 保存到文件，并对照其摘要校验</translation>
    </message>
    <message>
        <source>Wasted: %1</source>
        <translation>浪费：%1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MainWindow</name>
    <message>
        <source>Sociscope</source>
        <translation>Sociscope</translation>
    </message>
    <message>
        <source>Demo image</source>
        <translation>演示镜像</translation>
    </message>
    <message>
        <source>Demo image ready in %1</source>
        <translation>演示镜像已就绪，位于 %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open OCI Layout…</source>
        <translation>打开 OCI 布局(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Go to Repository…</source>
        <translation>转到存储库(&amp;G)…</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>添加镜像仓库(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>Show &amp;Sources</source>
        <translation>显示来源(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Sociscope</source>
        <translation>关于 Sociscope(&amp;A)</translation>
    </message>
    <message>
        <source>About Sociscope</source>
        <translation>关于 Sociscope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sociscope %1&lt;/h3&gt;&lt;p&gt;Look inside, mount and run huge container images without pulling them.&lt;/p&gt;&lt;p&gt;Reads SOCI indexes and zTOCs to fetch only the bytes a file needs.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Sociscope %1&lt;/h3&gt;&lt;p&gt;无需拉取，即可查看、挂载和运行大型容器镜像。&lt;/p&gt;&lt;p&gt;读取 SOCI 索引和 zTOC，只获取文件所需的字节。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>“%1” is not an image reference: %2</source>
        <translation>“%1”不是镜像引用：%2</translation>
    </message>
    <message>
        <source>Type HOST/REPOSITORY[:TAG], e.g. 127.0.0.1:5000/foo:1.0, or oci:/path/to/folder:TAG.</source>
        <translation>请输入 HOST/REPOSITORY[:TAG]，例如 127.0.0.1:5000/foo:1.0，或 oci:/path/to/folder:TAG。</translation>
    </message>
    <message>
        <source>%1 — Sociscope</source>
        <translation>%1 — Sociscope</translation>
    </message>
    <message>
        <source>Open OCI Layout</source>
        <translation>打开 OCI 布局</translation>
    </message>
    <message>
        <source>The new language applies when Sociscope is started again.</source>
        <translation>新语言将在下次启动 Sociscope 时生效。</translation>
    </message>
    <message>
        <source>Extraction finished</source>
        <translation>提取完成</translation>
    </message>
    <message numerus="yes">
        <source>Extracted %n file(s), %1.</source>
        <translation>
            <numerusform>已提取 %n 个文件，%1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Extraction failed</source>
        <translation>提取失败</translation>
    </message>
    <message>
        <source>Run Console</source>
        <translation>运行控制台</translation>
    </message>
    <message>
        <source>Mounts</source>
        <translation>挂载</translation>
    </message>
    <message>
        <source>Fetches</source>
        <translation>获取</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Run finished: %1</source>
        <translation>运行结束：%1</translation>
    </message>
    <message>
        <source>An extraction is running</source>
        <translation>提取正在进行</translation>
    </message>
    <message>
        <source>Files are still being extracted. Quitting now cancels the extraction; files already written stay, none is left half-written.</source>
        <translation>仍在提取文件。现在退出会取消提取；已写入的文件会保留，不会留下写了一半的文件。</translation>
    </message>
    <message>
        <source>Cancel Extraction and Quit</source>
        <translation>取消提取并退出</translation>
    </message>
    <message>
        <source>Keep Working</source>
        <translation>继续工作</translation>
    </message>
    <message>
        <source>An extraction is running: clear the cache once it is done or cancelled.</source>
        <translation>正在提取：请在提取完成或取消后再清除缓存。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MessageBar</name>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountDialog</name>
    <message>
        <source>Mount Image</source>
        <translation>挂载镜像</translation>
    </message>
    <message>
        <source>Mount %1 read-only as a folder. Files are fetched lazily, span by span, as they are read; the folder opens in your file manager.</source>
        <translation>将 %1 以只读方式挂载为文件夹。文件在读取时按需逐个分段获取；该文件夹会在您的文件管理器中打开。</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Mount</source>
        <translation>挂载(&amp;M)</translation>
    </message>
    <message>
        <source>Mount Into Folder</source>
        <translation>挂载到文件夹</translation>
    </message>
    <message>
        <source>Fetch the &amp;whole image in the background</source>
        <translation>在后台获取整个镜像(&amp;W)</translation>
    </message>
    <message>
        <source>While nothing reads the folder, the daemon fills its cache with the image&apos;s spans, reads first. Otherwise it fetches ahead as much as Settings → Preferences → Background fetch allows (the daemon&apos;s default: 64 MiB).</source>
        <translation>没有程序读取该文件夹时，守护进程会用镜像的 span 填充缓存，先填充已读取的部分。否则按“设置 → 首选项 → 后台获取”允许的量提前获取（守护进程默认：64 MiB）。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountListModel</name>
    <message>
        <source>%1
image %2
mount %3</source>
        <translation>%1
镜像 %2
挂载 %3</translation>
    </message>
    <message>
        <source>made for run %1</source>
        <translation>为运行 %1 创建</translation>
    </message>
    <message>
        <source>%1 (run %2)</source>
        <translation>%1（运行 %2）</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Mounted</source>
        <translation>挂载时间</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>whole image</source>
        <translation>整个镜像</translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation>最多 %1</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>fetching</source>
        <translation>获取中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>budget spent</source>
        <translation>预算已用完</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1: %2 % local, %3</source>
        <translation>%1:%2 % 在本地,%3</translation>
    </message>
    <message>
        <source>Background fetch</source>
        <translation>后台获取</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::MountsPanel</name>
    <message>
        <source>&amp;Open Folder</source>
        <translation>打开文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Unmount</source>
        <translation>卸载(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Mount an image from its page (Mount…) to browse it in your file manager; only the bytes you open are fetched.</source>
        <translation>在镜像页面上挂载镜像（挂载…），即可在文件管理器中浏览；只获取您打开的字节。</translation>
    </message>
    <message>
        <source>No daemon answers, so nothing is mounted: %1</source>
        <translation>没有守护进程响应，因此没有任何挂载：%1</translation>
    </message>
    <message>
        <source>Nothing is mounted. Mount an image from its page (Mount…).</source>
        <translation>没有任何挂载。请在镜像页面上挂载镜像（挂载…）。</translation>
    </message>
    <message numerus="yes">
        <source>%n mount(s). Double-click one to open it in your file manager.</source>
        <translation>
            <numerusform>%n 个挂载。双击即可在文件管理器中打开。</numerusform>
        </translation>
    </message>
    <message>
        <source>Mounting %1 at %2…</source>
        <translation>正在将 %1 挂载到 %2…</translation>
    </message>
    <message>
        <source>Could not mount %1</source>
        <translation>无法挂载 %1</translation>
    </message>
    <message>
        <source>Mounts need FUSE (fusermount3) and sociscoped; see docs/daemon.md.</source>
        <translation>挂载需要 FUSE（fusermount3）和 sociscoped；请参阅 docs/daemon.md。</translation>
    </message>
    <message>
        <source>Could not unmount %1</source>
        <translation>无法卸载 %1</translation>
    </message>
    <message>
        <source>%1 was busy: it is detached and goes once its open files are closed.</source>
        <translation>%1 正忙：已将其分离，待其中打开的文件全部关闭后即会移除。</translation>
    </message>
    <message>
        <source>Mounted at %1</source>
        <translation>已挂载到 %1</translation>
    </message>
    <message>
        <source>No file manager was found to open it: open the folder yourself, or copy its path.</source>
        <translation>未找到可打开它的文件管理器：请自行打开该文件夹，或复制其路径。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PackageChangeModel</name>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Versions in A</source>
        <translation>A 中的版本</translation>
    </message>
    <message>
        <source>Versions in B</source>
        <translation>B 中的版本</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Upgraded or downgraded</source>
        <translation>升级或降级</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PlatformModel</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>媒体类型</translation>
    </message>
    <message>
        <source>SOCI index</source>
        <translation>SOCI 索引</translation>
    </message>
    <message>
        <source>Attestation</source>
        <translation>证明</translation>
    </message>
    <message>
        <source>Artifact (%1)</source>
        <translation>制品（%1）</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>制品</translation>
    </message>
    <message numerus="yes">
        <source>Image · %n layer(s)</source>
        <translation>
            <numerusform>镜像 · %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Compressed size of the layers</source>
        <translation>各层压缩后的大小</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>System default (%1)</source>
        <translation>系统默认（%1）</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language applies when Sociscope is started again.</source>
        <translation>新语言将在下次启动 Sociscope 时生效。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Clea&amp;r Cache</source>
        <translation>清除缓存(&amp;R)</translation>
    </message>
    <message>
        <source>Where the spans, zTOCs and layers this window fetches are kept. Images opened from now on use it; the daemon keeps its own (sociscoped --cache-dir).</source>
        <translation>本窗口获取的 span、zTOC 和层保存在此处。此后打开的镜像使用它；守护进程有自己的缓存（sociscoped --cache-dir）。</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>Spans, whole layers and local files past this are evicted, least recently used first; decompressed spans kept beside them may add an eighth.</source>
        <translation>超出此大小的 span、整层和本地文件将被清理，最久未使用的优先；另外保存的解压 span 最多再占八分之一。</translation>
    </message>
    <message>
        <source>From the environment (http_proxy, https_proxy, no_proxy)</source>
        <translation>来自环境变量（http_proxy、https_proxy、no_proxy）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>The folder used last, else Downloads, else home</source>
        <translation>上次使用的文件夹，否则为“下载”，否则为主目录</translation>
    </message>
    <message>
        <source>The daemon&apos;s default</source>
        <translation>守护进程的默认值</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Up to a budget</source>
        <translation>不超过预算</translation>
    </message>
    <message>
        <source>The whole image</source>
        <translation>整个镜像</translation>
    </message>
    <message>
        <source>What a mount made with Mount… fetches into the daemon&apos;s cache while nothing reads it.</source>
        <translation>用“挂载…”创建的挂载在无人读取时获取到守护进程缓存中的内容。</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Cache Folder</source>
        <translation>缓存文件夹</translation>
    </message>
    <message>
        <source>&amp;Size limit:</source>
        <translation>大小上限(&amp;S)：</translation>
    </message>
    <message>
        <source>In use:</source>
        <translation>已用：</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>Proxy &amp;URL:</source>
        <translation>代理 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>For this window&apos;s requests. The daemon&apos;s mounts and runs use the proxy of the daemon&apos;s environment.</source>
        <translation>用于本窗口的请求。守护进程的挂载和运行使用守护进程环境中的代理。</translation>
    </message>
    <message>
        <source>Files and mounts</source>
        <translation>文件和挂载</translation>
    </message>
    <message>
        <source>&amp;Extract to:</source>
        <translation>提取到(&amp;E)：</translation>
    </message>
    <message>
        <source>Default Extract Folder</source>
        <translation>默认提取文件夹</translation>
    </message>
    <message>
        <source>&amp;Background fetch:</source>
        <translation>后台获取(&amp;B)：</translation>
    </message>
    <message>
        <source>For mounts made here with Mount…; how fast, and how soon after a read, the daemon fetches in the background is set when it starts (sociscoped --background-rate, --background-quiet).</source>
        <translation>用于在此通过“挂载…”创建的挂载；守护进程后台获取的速度以及读取后多久开始，在其启动时设定（sociscoped --background-rate、--background-quiet）。</translation>
    </message>
    <message>
        <source>Not an absolute path.</source>
        <translation>不是绝对路径。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n file(s)</source>
        <translation>
            <numerusform>%1，%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear Cache</source>
        <translation>清除缓存</translation>
    </message>
    <message>
        <source>Images open in this window read from this cache. Clearing it makes them fetch again what they read.</source>
        <translation>本窗口中打开的镜像正在读取此缓存。清除后，它们读取的内容需要重新获取。</translation>
    </message>
    <message>
        <source>Clearing…</source>
        <translation>正在清除…</translation>
    </message>
    <message>
        <source>The cache was not cleared: the daemon reads from %1 for its mounts and runs (mounts: %2, runs: %3). Unmount them in the Mounts dock and end the runs first.</source>
        <translation>未清除缓存：守护进程的挂载和运行正在读取 %1（挂载：%2，运行：%3）。请先在“挂载”面板中卸载它们并结束运行。</translation>
    </message>
    <message>
        <source>The cache could not be cleared: %1</source>
        <translation>无法清除缓存：%1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::PreviewPane</name>
    <message>
        <source>What reading or extracting the selection fetches: the compressed spans holding its data, minus those already in memory or in the disk cache</source>
        <translation>读取或提取所选内容需要获取的数据：存放其数据的压缩分段，不含已在内存或磁盘缓存中的部分</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Text, image or ELF summary, as the content suggests</source>
        <translation>根据内容显示文本、图片或 ELF 摘要</translation>
    </message>
    <message>
        <source>The first %1 as a hex dump</source>
        <translation>前 %1 的十六进制转储</translation>
    </message>
    <message>
        <source>Extract to…</source>
        <translation>提取到…</translation>
    </message>
    <message>
        <source>Write the selection to a folder (Ctrl+E)</source>
        <translation>将所选内容写入文件夹（Ctrl+E）</translation>
    </message>
    <message>
        <source>Select a file to see what is in it.</source>
        <translation>选择一个文件以查看其内容。</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>spans %1</source>
        <translation>分段 %1</translation>
    </message>
    <message>
        <source>A whiteout: this layer deletes “%1” from the layers below it.</source>
        <translation>删除标记：此层从下层中删除了“%1”。</translation>
    </message>
    <message numerus="yes">
        <source>A folder of %n entry(s).</source>
        <translation>
            <numerusform>包含 %n 个条目的文件夹。</numerusform>
        </translation>
    </message>
    <message>
        <source>A symbolic link to %1</source>
        <translation>指向 %1 的符号链接</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) selected</source>
        <translation>
            <numerusform>已选择 %n 个条目</numerusform>
        </translation>
    </message>
    <message>
        <source>Drag them out, or extract them with Ctrl+E.</source>
        <translation>可将其拖出，或按 Ctrl+E 提取。</translation>
    </message>
    <message numerus="yes">
        <source>Fetching %1 (%n span(s))…</source>
        <translation>
            <numerusform>正在获取 %1（%n 个分段）…</numerusform>
        </translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>%1, %2-bit, %3 endian</source>
        <translation>%1，%2 位，%3</translation>
    </message>
    <message>
        <source>little</source>
        <translation>小端</translation>
    </message>
    <message>
        <source>big</source>
        <translation>大端</translation>
    </message>
    <message>
        <source>OS/ABI</source>
        <translation>OS/ABI</translation>
    </message>
    <message>
        <source>Linking</source>
        <translation>链接方式</translation>
    </message>
    <message>
        <source>dynamic</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>static</source>
        <translation>静态</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>解释器</translation>
    </message>
    <message>
        <source>Soname</source>
        <translation>Soname</translation>
    </message>
    <message>
        <source>Run path</source>
        <translation>运行路径</translation>
    </message>
    <message>
        <source>Entry point</source>
        <translation>入口地址</translation>
    </message>
    <message>
        <source>Needed libraries (%1)</source>
        <translation>依赖的库（%1）</translation>
    </message>
    <message>
        <source>Needs no shared libraries.</source>
        <translation>不依赖共享库。</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 · %3</source>
        <translation>显示前 %1（共 %2）· %3</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>The first %1 of %2, in hex</source>
        <translation>前 %1（共 %2），十六进制</translation>
    </message>
    <message>
        <source>%1, in hex</source>
        <translation>%1，十六进制</translation>
    </message>
    <message>
        <source>%1 image, %2 × %3 pixels</source>
        <translation>%1 图片，%2 × %3 像素</translation>
    </message>
    <message>
        <source>ELF summary read from the headers; Hex shows the bytes</source>
        <translation>从文件头读取的 ELF 摘要；“十六进制”显示原始字节</translation>
    </message>
    <message>
        <source>Could not read this file: %1</source>
        <translation>无法读取此文件：%1</translation>
    </message>
    <message>
        <source>Working out what extracting this fetches…</source>
        <translation>正在计算提取需要获取的内容…</translation>
    </message>
    <message>
        <source>No file data: nothing to fetch.</source>
        <translation>没有文件数据：无需获取。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), %1</source>
        <translation>
            <numerusform>%n 个文件，%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, all in %n cached span(s).</source>
        <translation>
            <numerusform>&lt;b&gt;无需获取&lt;/b&gt;：%1，全部位于 %n 个已缓存的分段中。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Nothing to fetch&lt;/b&gt;: %1, already here.</source>
        <translation>&lt;b&gt;无需获取&lt;/b&gt;：%1，已在本地。</translation>
    </message>
    <message numerus="yes">
        <source>Extracting fetches &lt;b&gt;%1&lt;/b&gt; (%n span(s))</source>
        <translation>
            <numerusform>提取需要获取 &lt;b&gt;%1&lt;/b&gt;（%n 个分段）</numerusform>
        </translation>
    </message>
    <message>
        <source> for %1</source>
        <translation>，用于 %1</translation>
    </message>
    <message>
        <source>; %1 already cached</source>
        <translation>；%1 已缓存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ReferrerModel</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Refers to</source>
        <translation>引用对象</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Artifact type</source>
        <translation>制品类型</translation>
    </message>
    <message>
        <source>SOCI index v1</source>
        <translation>SOCI 索引 v1</translation>
    </message>
    <message>
        <source>SOCI index v2</source>
        <translation>SOCI 索引 v2</translation>
    </message>
    <message>
        <source>Signature (Sigstore)</source>
        <translation>签名（Sigstore）</translation>
    </message>
    <message>
        <source>Signature (Notation)</source>
        <translation>签名（Notation）</translation>
    </message>
    <message>
        <source>SBOM (SPDX)</source>
        <translation>SBOM（SPDX）</translation>
    </message>
    <message>
        <source>SBOM (CycloneDX)</source>
        <translation>SBOM（CycloneDX）</translation>
    </message>
    <message>
        <source>Attestation (in-toto)</source>
        <translation>证明（in-toto）</translation>
    </message>
    <message>
        <source>SBOM</source>
        <translation>SBOM</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>制品</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ReferrersTab</name>
    <message>
        <source>No referrers: no signature, SBOM, attestation or SOCI v1 index refers to this image.</source>
        <translation>没有引用者：没有签名、SBOM、证明或 SOCI v1 索引引用此镜像。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RegistryStatus</name>
    <message>
        <source>Local folder · no network</source>
        <translation>本地文件夹 · 无网络</translation>
    </message>
    <message>
        <source>not contacted yet</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <source>rate limit %1, %2 left</source>
        <translation>速率限制 %1，剩余 %2</translation>
    </message>
    <message>
        <source>Authentication and the rate-limit headers of the last answer from %1</source>
        <translation>%1 最近一次响应中的认证信息和速率限制头</translation>
    </message>
    <message>
        <source>basic as %1</source>
        <translation>Basic 认证：%1</translation>
    </message>
    <message>
        <source>token as %1</source>
        <translation>令牌：%1</translation>
    </message>
    <message>
        <source>token (identity token)</source>
        <translation>令牌（身份令牌）</translation>
    </message>
    <message>
        <source>token (anonymous)</source>
        <translation>令牌（匿名）</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>匿名</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunConsole</name>
    <message>
        <source>No runs yet. Open an image and press Run to start one; several runs show side by side in tabs.</source>
        <translation>尚无运行。打开镜像并点击“运行”即可开始；多个运行会以标签页并列显示。</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunSession</name>
    <message>
        <source>fetched %1 of a %2 image; %3 from the cache</source>
        <translation>已从 %2 的镜像中获取 %1；%3 来自缓存</translation>
    </message>
    <message>
        <source>The connection to sociscoped ended before the run exited.</source>
        <translation>运行结束前，与 sociscoped 的连接已断开。</translation>
    </message>
    <message>
        <source>sociscoped ended the run before it started.</source>
        <translation>sociscoped 在运行开始前就将其结束了。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::RunTab</name>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Se&amp;nd</source>
        <translation>发送(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Close Input</source>
        <translation>关闭输入(&amp;C)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>The image&apos;s entrypoint and command; edit them to run something else. Quote words with spaces as a shell would.</source>
        <translation>镜像的入口点和命令；修改它们即可运行其他内容。含空格的词请像在 shell 中一样加引号。</translation>
    </message>
    <message>
        <source>NAME=value …, added to the image&apos;s environment</source>
        <translation>NAME=值 …，添加到镜像的环境变量中</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>命令(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>环境变量(&amp;E)：</translation>
    </message>
    <message>
        <source>The run&apos;s output appears here; its errors in red.</source>
        <translation>运行的输出显示在这里，错误以红色显示。</translation>
    </message>
    <message>
        <source>A line for the run&apos;s standard input</source>
        <translation>发送到运行标准输入的一行内容</translation>
    </message>
    <message>
        <source>End the run&apos;s input (as Ctrl+D would)</source>
        <translation>结束运行的输入（相当于 Ctrl+D）</translation>
    </message>
    <message>
        <source>Stop the run: SIGTERM, then SIGKILL after 3 seconds</source>
        <translation>停止运行：先发送 SIGTERM，3 秒后发送 SIGKILL</translation>
    </message>
    <message>
        <source>Running %1 (run %2)</source>
        <translation>正在运行 %1（运行 %2）</translation>
    </message>
    <message>
        <source>Exited with code %1 · %2</source>
        <translation>已退出，退出码 %1 · %2</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Edit the command if you like, then press Start. The run is lazy: only the bytes it reads are fetched.</source>
        <translation>如有需要，可修改命令，然后点击“启动”。运行是按需的：只获取它读取的字节。</translation>
    </message>
    <message>
        <source>The command does not parse: %1</source>
        <translation>无法解析命令：%1</translation>
    </message>
    <message>
        <source>Type a command to run: this image has no default entrypoint or command.</source>
        <translation>请输入要运行的命令：此镜像没有默认的入口点或命令。</translation>
    </message>
    <message>
        <source>The environment does not parse: %1</source>
        <translation>无法解析环境变量：%1</translation>
    </message>
    <message>
        <source>“%1” is not NAME=value: environment overrides are NAME=value words separated by spaces.</source>
        <translation>“%1”不符合 NAME=值 的格式：环境变量覆盖项应为以空格分隔的 NAME=值。</translation>
    </message>
    <message>
        <source>Mounting %1 and starting the run…</source>
        <translation>正在挂载 %1 并启动运行…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Stopped · %1</source>
        <translation>已停止 · %1</translation>
    </message>
    <message>
        <source>&amp;Record startup</source>
        <translation>记录启动(&amp;R)</translation>
    </message>
    <message>
        <source>Record which spans of which layers the run reads until its first output, and save them as the image&apos;s startup profile (its Startup tab), to publish as SOCI prefetch artifacts</source>
        <translation>记录运行在首次输出之前读取了哪些层的哪些 span，并将其保存为镜像的启动配置文件（“启动配置”标签页），以便发布为 SOCI 预取工件</translation>
    </message>
    <message>
        <source>%1 · startup profile saved to %2</source>
        <translation>%1 · 启动配置文件已保存到 %2</translation>
    </message>
    <message>
        <source>%1 · the startup profile could not be made: %2</source>
        <translation>%1 · 无法生成启动配置文件：%2</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SaveLayerDialog</name>
    <message>
        <source>Save Layer %1</source>
        <translation>保存层 %1</translation>
    </message>
    <message>
        <source>&amp;Uncompressed tar (verified against the diff_id)</source>
        <translation>未压缩的 tar(&amp;U)（对照 diff_id 校验）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Layer %1 · %2 · %3
The blob is streamed to the file and checked against its digest; a file that does not match is removed.</source>
        <translation>层 %1 · %2 · %3
blob 以流方式写入文件并对照其摘要校验；不匹配的文件会被删除。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F):</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::ScreenshotRunner</name>
    <message>
        <source>the views did not load within 3 minutes</source>
        <translation>视图未在 3 分钟内加载完成</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>bad repository %1</source>
        <translation>无效的存储库 %1</translation>
    </message>
    <message>
        <source>the run did not start: %1</source>
        <translation>运行未能启动：%1</translation>
    </message>
    <message>
        <source>the image page has no Space tab</source>
        <translation>镜像页面没有“空间”选项卡</translation>
    </message>
    <message>
        <source>the Create SOCI Index dialog has no Create button</source>
        <translation>“创建 SOCI 索引”对话框没有“创建”按钮</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SelectionPreview</name>
    <message>
        <source>Cannot tell what extracting fetches: %1</source>
        <translation>无法确定提取需要获取的内容：%1</translation>
    </message>
    <message>
        <source>Preview cancelled: nothing more is fetched for it. Select the file again to fetch it.</source>
        <translation>预览已取消：不再为其获取数据。再次选择该文件即可获取。</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SourcesModel</name>
    <message>
        <source>Registries</source>
        <translation>镜像仓库</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Local folders</source>
        <translation>本地文件夹</translation>
    </message>
    <message>
        <source>Public registries Sociscope knows</source>
        <translation>Sociscope 已知的公共镜像仓库</translation>
    </message>
    <message>
        <source>OCI image-layout folders (File → Open OCI Layout…)</source>
        <translation>OCI 镜像布局文件夹（文件 → 打开 OCI 布局…）</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>正在加载目录…</translation>
    </message>
    <message>
        <source>AWS Deep Learning Containers</source>
        <translation>AWS Deep Learning Containers</translation>
    </message>
    <message>
        <source>Amazon ECR Public Gallery</source>
        <translation>Amazon ECR Public Gallery</translation>
    </message>
    <message>
        <source>Docker Hub</source>
        <translation>Docker Hub</translation>
    </message>
    <message>
        <source>GitHub Container Registry</source>
        <translation>GitHub Container Registry</translation>
    </message>
    <message>
        <source>No repositories</source>
        <translation>没有存储库</translation>
    </message>
    <message>
        <source>Registries you added (File → Add Registry…)</source>
        <translation>您添加的镜像仓库（文件 → 添加镜像仓库…）</translation>
    </message>
    <message>
        <source>Type ghcr.io/OWNER/IMAGE above</source>
        <translation>在上方输入 ghcr.io/所有者/镜像</translation>
    </message>
    <message>
        <source>GitHub&apos;s registry lists no catalog: type ghcr.io/OWNER/IMAGE in the box above</source>
        <translation>GitHub 的镜像仓库不提供目录：请在上方输入框中输入 ghcr.io/所有者/镜像</translation>
    </message>
    <message>
        <source>No catalog: type a name above</source>
        <translation>无目录：请在上方输入名称</translation>
    </message>
    <message>
        <source>No catalog (%1): type a repository in the box above</source>
        <translation>无目录（%1）：请在上方输入框中输入仓库</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Images you bookmarked (View → Bookmark Image, Ctrl+D)</source>
        <translation>已加书签的镜像（视图 → 为镜像加书签，Ctrl+D）</translation>
    </message>
    <message>
        <source>Images opened lately, the latest first</source>
        <translation>最近打开的镜像，最新的在前</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SourcesSidebar</name>
    <message>
        <source>Go to repository or image…</source>
        <translation>转到存储库或镜像…</translation>
    </message>
    <message>
        <source>A repository shows its tags; with a tag or digest the image opens.
Examples: public.ecr.aws/deep-learning-containers/vllm
          127.0.0.1:5000/sociscope/demo:latest
          ubuntu:24.04     oci:/path/to/layout:tag</source>
        <translation>存储库会显示其标签；带标签或摘要时直接打开镜像。
示例：public.ecr.aws/deep-learning-containers/vllm
      127.0.0.1:5000/sociscope/demo:latest
      ubuntu:24.04     oci:/path/to/layout:tag</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>添加镜像仓库(&amp;R)…</translation>
    </message>
    <message>
        <source>Add a registry</source>
        <translation>添加镜像仓库</translation>
    </message>
    <message>
        <source>Remove the selected source</source>
        <translation>移除所选来源</translation>
    </message>
    <message>
        <source>“%1” is not a repository or image reference: %2</source>
        <translation>“%1”不是存储库或镜像引用：%2</translation>
    </message>
    <message>
        <source>Type HOST/REPOSITORY[:TAG], e.g. public.ecr.aws/deep-learning-containers/vllm, or oci:/path/to/folder.</source>
        <translation>请输入 HOST/REPOSITORY[:TAG]，例如 public.ecr.aws/deep-learning-containers/vllm，或 oci:/path/to/folder。</translation>
    </message>
    <message>
        <source>credentials needed</source>
        <translation>需要凭据</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>not offered</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>list the catalog of %1</source>
        <translation>列出 %1 的目录</translation>
    </message>
    <message>
        <source>store the credentials for %1</source>
        <translation>保存 %1 的凭据</translation>
    </message>
    <message>
        <source>Credentials for %1 stored (%2).</source>
        <translation>已保存 %1 的凭据（%2）。</translation>
    </message>
    <message>
        <source>remove the credentials for %1</source>
        <translation>删除 %1 的凭据</translation>
    </message>
    <message>
        <source>Credentials for %1 removed.</source>
        <translation>已删除 %1 的凭据。</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Set &amp;Credentials…</source>
        <translation>设置凭据(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Forget Credentials</source>
        <translation>清除凭据(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>sign in to %1</source>
        <translation>登录 %1</translation>
    </message>
    <message>
        <source>&amp;Bookmark Image</source>
        <translation>为镜像加书签(&amp;B)</translation>
    </message>
    <message>
        <source>Add the image shown to Bookmarks in the sidebar, or remove it</source>
        <translation>将显示的镜像加入侧边栏的书签，或从中移除</translation>
    </message>
    <message>
        <source>&amp;Bookmark</source>
        <translation>加书签(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Remove Bookmark</source>
        <translation>移除书签(&amp;R)</translation>
    </message>
    <message>
        <source>Clear Recent</source>
        <translation>清除最近</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpaceTab</name>
    <message>
        <source>The merged image (what a container sees) or one layer&apos;s own files</source>
        <translation>合并后的镜像（容器所见）或某一层自身的文件</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>向上</translation>
    </message>
    <message>
        <source>The folder above (Backspace)</source>
        <translation>上一级文件夹（Backspace）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Whole image (merged)</source>
        <translation>整个镜像（合并）</translation>
    </message>
    <message>
        <source>The file list is read when you open this tab.</source>
        <translation>打开此标签页时读取文件列表。</translation>
    </message>
    <message>
        <source>Reading the files of layer %1…</source>
        <translation>正在读取第 %1 层的文件…</translation>
    </message>
    <message>
        <source>%L1 bytes</source>
        <translation>%L1 字节</translation>
    </message>
    <message>
        <source>merged image</source>
        <translation>合并后的镜像</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 in %n file(s) · %3</source>
        <translation>
            <numerusform>%1 · %n 个文件共 %2 · %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding up the sizes of %Ln entries…</source>
        <translation>
            <numerusform>正在累计 %Ln 个条目的大小…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::SpanMapView</name>
    <message>
        <source>Layer %1 · no zTOC · fetched whole</source>
        <translation>第 %1 层 · 无 zTOC · 已整层获取</translation>
    </message>
    <message>
        <source>Layer %1 · no zTOC · read whole when needed</source>
        <translation>第 %1 层 · 无 zTOC · 需要时整层读取</translation>
    </message>
    <message>
        <source>Layer %1 · spans not known yet</source>
        <translation>第 %1 层 · 分段尚未确定</translation>
    </message>
    <message numerus="yes">
        <source>Layer %1 · %2 of %n span(s) touched</source>
        <translation>
            <numerusform>第 %1 层 · 已触及 %2 / %n 个分段</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sociscope::ui::StartupProfileTab</name>
    <message>
        <source>&amp;Publish as Prefetch Artifact…</source>
        <translation>发布为预取工件(&amp;P)…</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Write the profile&apos;s spans as SOCI prefetch artifacts, one per layer, into a new SOCI index of this image and push it (as `sociscopectl index prefetch add --from` does); the old index stays valid</source>
        <translation>将配置文件中的 span 写成 SOCI 预取工件（每层一个），放入此镜像的新 SOCI 索引并推送（与 `sociscopectl index prefetch add --from` 相同）；旧索引仍然有效</translation>
    </message>
    <message>
        <source>No startup profile of this image yet.</source>
        <translation>此镜像还没有启动配置文件。</translation>
    </message>
    <message>
        <source>No image.</source>
        <translation>没有镜像。</translation>
    </message>
    <message>
        <source>No startup profile of this image yet. Run it with “Record startup” ticked (Run…), or record one with `sociscopectl run --record-startup` or `sociscopectl record`.</source>
        <translation>此镜像还没有启动配置文件。勾选“记录启动”后运行它（运行…），或用 `sociscopectl run --record-startup` 或 `sociscopectl record` 记录一个。</translation>
    </message>
    <message>
        <source>The startup profile %1 cannot be read: %2</source>
        <translation>无法读取启动配置文件 %1：%2</translation>
    </message>
    <message>
        <source>first output after %1 ms</source>
        <translation>%1 毫秒后首次输出</translation>
    </message>
    <message>
        <source>no output</source>
        <translation>无输出</translation>
    </message>
    <message>
        <source>until its first output</source>
        <translation>直到首次输出</translation>
    </message>
    <message numerus="yes">
        <source>for %n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>until its exit</source>
        <translation>直到退出</translation>
    </message>
    <message>
        <source>At start, %1 of the %2 image (%3) · %4 · recorded %5 · %6</source>
        <translation>启动时需要 %2 镜像中的 %1（%3）· %4 · 记录%5 · %6</translation>
    </message>
    <message>
        <source>Layer %1 · %2</source>
        <translation>第 %1 层 · %2</translation>
    </message>
    <message>
        <source>Span %1</source>
        <translation>Span %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more file(s)</source>
        <translation>
            <numerusform>… 以及另外 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Publish as Prefetch Artifact</source>
        <translation>发布为预取工件</translation>
    </message>
    <message>
        <source>Write the spans of this startup profile as SOCI prefetch artifacts into a new SOCI index of %1 and push it? The old index stays valid.</source>
        <translation>将此启动配置文件的 span 写成 SOCI 预取工件，放入 %1 的新 SOCI 索引并推送？旧索引仍然有效。</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message numerus="yes">
        <source>Published: SOCI index v%1 %2 with %n prefetch artifact(s).</source>
        <translation>
            <numerusform>已发布：SOCI 索引 v%1 %2，含 %n 个预取工件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Publishing failed: %1</source>
        <translation>发布失败：%1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TagFamilyModel</name>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>The most specific tag of the image; hover a row for all of them</source>
        <translation>镜像最具体的标签；悬停在行上可查看全部标签</translation>
    </message>
    <message>
        <source>An image, or the SOCI-enabled twin (“…-soci”) of the image above it</source>
        <translation>镜像，或其上方镜像的 SOCI 孪生标签（“…-soci”）</translation>
    </message>
    <message>
        <source>Rolling tags move to each new release; pinned tags (with a timestamp or minor release) never move</source>
        <translation>滚动标签随每个新版本移动；固定标签（带时间戳或小版本号）永不移动</translation>
    </message>
    <message>
        <source>Framework version (Deep Learning Containers tag grammar)</source>
        <translation>框架版本（Deep Learning Containers 标签语法）</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>SOCI twin (%1)</source>
        <translation>SOCI 孪生（%1）</translation>
    </message>
    <message>
        <source>SOCI twin (no index)</source>
        <translation>SOCI 孪生（无索引）</translation>
    </message>
    <message>
        <source>SOCI twin (?)</source>
        <translation>SOCI 孪生（?）</translation>
    </message>
    <message>
        <source>SOCI twin (…)</source>
        <translation>SOCI 孪生（…）</translation>
    </message>
    <message>
        <source>Rolling, pinned</source>
        <translation>滚动、固定</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Rolling</source>
        <translation>滚动</translation>
    </message>
    <message>
        <source>SOCI twin %1</source>
        <translation>SOCI 孪生 %1</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>镜像 %1</translation>
    </message>
    <message>
        <source>  (pinned)</source>
        <translation>  （固定）</translation>
    </message>
    <message>
        <source>  (rolling)</source>
        <translation>  （滚动）</translation>
    </message>
    <message>
        <source>SOCI twin</source>
        <translation>SOCI 孪生</translation>
    </message>
    <message>
        <source>The image&apos;s SOCI-enabled twin (“…-soci”); double-click it to open the twin</source>
        <translation>该镜像启用 SOCI 的孪生（“…-soci”）；双击可打开孪生</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Double-click to open the SOCI twin %1</source>
        <translation>双击打开 SOCI 孪生 %1</translation>
    </message>
    <message>
        <source>no index</source>
        <translation>无索引</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Build time: in the tag (UTC) for Deep Learning Containers tags, else the image&apos;s creation time from its config</source>
        <translation>构建时间：Deep Learning Containers 标签取自标签本身（UTC），否则取自镜像配置中的创建时间</translation>
    </message>
    <message>
        <source>Compressed size of the image for this computer&apos;s platform: what a full pull fetches</source>
        <translation>本机平台镜像的压缩大小：完整拉取所需获取的数据量</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TagsPage</name>
    <message>
        <source>&amp;Open Image</source>
        <translation>打开镜像(&amp;O)</translation>
    </message>
    <message>
        <source>Filter — e.g.  2.3  device:gpu  py:py312  cuda:cu121  platform:ec2</source>
        <translation>筛选 — 例如  2.3  device:gpu  py:py312  cuda:cu121  platform:ec2</translation>
    </message>
    <message>
        <source>Words match any tag or the digest; column:value matches one column (version, device, python/py, cuda, os, platform, date, kind, release)</source>
        <translation>单词匹配任意标签或摘要；列:值 匹配某一列（version、device、python/py、cuda、os、platform、date、kind、release）</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>所有镜像</translation>
    </message>
    <message>
        <source>Rolling tags</source>
        <translation>滚动标签</translation>
    </message>
    <message>
        <source>Pinned tags</source>
        <translation>固定标签</translation>
    </message>
    <message>
        <source>With a SOCI twin</source>
        <translation>有 SOCI 孪生</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>list the tags of %1</source>
        <translation>列出 %1 的标签</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>没有标签</translation>
    </message>
    <message>
        <source>Could not list tags</source>
        <translation>无法列出标签</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n image(s)</source>
        <translation>
            <numerusform>%1 / %n 个镜像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 个镜像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tag(s)</source>
        <translation>
            <numerusform>%n 个标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be resolved</source>
        <translation>
            <numerusform>%n 个无法解析</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n referrers tag(s) hidden</source>
        <translation>
            <numerusform>已隐藏 %n 个引用者标签</numerusform>
        </translation>
    </message>
    <message>
        <source>resolving…</source>
        <translation>正在解析…</translation>
    </message>
    <message>
        <source>Listing and resolving the tags of %1…</source>
        <translation>正在列出并解析 %1 的标签…</translation>
    </message>
    <message>
        <source>Could not list the tags of %1.
%2</source>
        <translation>无法列出 %1 的标签。
%2</translation>
    </message>
    <message>
        <source>None of the tags could be resolved; hover the summary above for why.</source>
        <translation>所有标签均无法解析；将鼠标悬停在上方摘要上可查看原因。</translation>
    </message>
    <message>
        <source>%1 has no tags.</source>
        <translation>%1 没有标签。</translation>
    </message>
    <message>
        <source>No image matches the filter.</source>
        <translation>没有与筛选条件匹配的镜像。</translation>
    </message>
    <message>
        <source>&lt;i&gt;Select an image to see all its tags; press Enter or double-click to open it.&lt;/i&gt;</source>
        <translation>&lt;i&gt;选择镜像可查看其全部标签；按回车键或双击即可打开。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Open SOCI &amp;Twin</source>
        <translation>打开 SOCI 孪生(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Com&amp;pare With…</source>
        <translation>比较(&amp;P)…</translation>
    </message>
    <message>
        <source>SOCI twin: %1</source>
        <translation>SOCI 孪生：%1</translation>
    </message>
    <message>
        <source>Create SOCI &amp;Index…</source>
        <translation>创建 SOCI 索引(&amp;I)…</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TextDiffView</name>
    <message>
        <source>Select a changed file to see both sides.</source>
        <translation>选择一个已更改的文件以查看两侧。</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is a binary file: no text to compare.</source>
        <translation>%1 是二进制文件：没有可比较的文本。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n line(s) differ</source>
        <translation>
            <numerusform>%1：%n 行不同</numerusform>
        </translation>
    </message>
    <message>
        <source>only the first %1 of each side are shown</source>
        <translation>每侧只显示前 %1</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::TreemapView</name>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另外 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2 (%3 %)</source>
        <translation>%1 — %2（%3%）</translation>
    </message>
    <message>
        <source>Nothing here takes space</source>
        <translation>这里没有占用空间的内容</translation>
    </message>
</context>
<context>
    <name>sociscope::ui::WelcomePage</name>
    <message>
        <source>Open the &amp;Demo Image</source>
        <translation>打开演示镜像(&amp;D)</translation>
    </message>
    <message>
        <source>Sociscope</source>
        <translation>Sociscope</translation>
    </message>
    <message>
        <source>Look inside huge container images without pulling them.
Pick a registry or folder on the left, or type a repository in the box above it.</source>
        <translation>无需拉取，即可查看大型容器镜像的内容。
请在左侧选择镜像仓库或文件夹，或在其上方的输入框中输入存储库。</translation>
    </message>
    <message>
        <source>Open OCI &amp;Layout…</source>
        <translation>打开 OCI 布局(&amp;L)…</translation>
    </message>
    <message>
        <source>Add &amp;Registry…</source>
        <translation>添加镜像仓库(&amp;R)…</translation>
    </message>
</context>
</TS>
