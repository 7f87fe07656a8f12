<?php
// Contact form handler of www.example-tech.example: validates the fields
// and mails them to the sales team.
declare(strict_types=1);

function field(string $name, int $max): string
{
    $v = isset($_POST[$name]) ? trim((string) $_POST[$name]) : '';
    return mb_substr($v, 0, $max);
}

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    header('Location: /contact.html');
    exit;
}

$name    = field('name', 50);
$phone   = field('phone', 20);
$email   = field('email', 100);
$message = field('message', 2000);

if ($name === '' || $message === '' || !filter_var($email, FILTER_VALIDATE_EMAIL)) {
    http_response_code(400);
    echo '请填写姓名、有效的邮箱和留言内容。';
    exit;
}

$body = "姓名：{$name}\n电话：{$phone}\n邮箱：{$email}\n\n{$message}\n";
$headers = 'From: website@example-tech.example' . "\r\n" . 'Content-Type: text/plain; charset=UTF-8';
mail('sales@example-tech.example', '=?UTF-8?B?' . base64_encode('网站留言') . '?=', $body, $headers);

header('Content-Type: text/html; charset=utf-8');
echo '<p>感谢您的留言，我们会尽快与您联系。<a href="/">返回首页</a></p>';
