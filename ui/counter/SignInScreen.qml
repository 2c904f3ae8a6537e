import QtQuick
import QtQuick.Layouts
import "."

// User name and password; after a one-time password, the new password twice.
FocusScope {
    id: screen
    required property QtObject signInVm
    required property QtObject sessionVm
    required property QtObject languageVm
    required property QtObject statusVm
    property string officeName
    readonly property bool changing: signInVm.step === "change_password"

    Component.onCompleted: (changing ? newPassword : username).forceActiveFocus()
    onChangingChanged: {
        password.text = ""
        newPassword.text = ""
        repeatPassword.text = ""
        if (changing) newPassword.forceActiveFocus()
        else password.forceActiveFocus()
    }

    function submit() {
        if (signInVm.busy) return
        if (changing) signInVm.changePassword(newPassword.text, repeatPassword.text)
        else signInVm.signIn(username.text, password.text)
        password.text = ""
    }

    LanguageButton {
        languageVm: screen.languageVm
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: CounterStyle.margin
    }

    Rectangle {
        anchors.centerIn: parent
        width: 560
        height: form.implicitHeight + 2 * 40
        radius: CounterStyle.radius * 2
        color: CounterStyle.surface
        border.color: CounterStyle.border

        ColumnLayout {
            id: form
            anchors.fill: parent
            anchors.margins: 40
            spacing: CounterStyle.spacing

            DeskText {
                text: screen.officeName
                color: CounterStyle.textMuted
                Layout.fillWidth: true
            }
            DeskText {
                text: screen.changing ? qsTr("Choose your own password") : qsTr("Sign in at the counter")
                font.pixelSize: CounterStyle.title
                font.weight: Font.Bold
                Layout.fillWidth: true
            }
            Notice {
                objectName: "locked_note"
                Layout.fillWidth: true
                error: false
                text: screen.sessionVm.lockedNote && !screen.changing
                      ? qsTr("You were signed out after 15 minutes without input.") : ""
            }
            DeskText {
                visible: !screen.changing
                text: qsTr("User name")
                Layout.topMargin: 8
            }
            InputField {
                id: username
                objectName: "username"
                visible: !screen.changing
                Layout.fillWidth: true
                placeholderText: qsTr("User name")
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                KeyNavigation.tab: password
                onAccepted: password.forceActiveFocus()
            }
            DeskText { visible: !screen.changing; text: qsTr("Password") }
            InputField {
                id: password
                objectName: "password"
                visible: !screen.changing
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("Password")
                KeyNavigation.tab: signInButton
                onAccepted: screen.submit()
            }
            DeskText {
                visible: screen.changing
                text: qsTr("New password (at least 12 characters)")
            }
            InputField {
                id: newPassword
                objectName: "new_password"
                visible: screen.changing
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("New password")
                KeyNavigation.tab: repeatPassword
                onAccepted: repeatPassword.forceActiveFocus()
            }
            DeskText { visible: screen.changing; text: qsTr("New password again") }
            InputField {
                id: repeatPassword
                objectName: "repeat_password"
                visible: screen.changing
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("New password again")
                KeyNavigation.tab: signInButton
                onAccepted: screen.submit()
            }
            Notice {
                objectName: "sign_in_message"
                Layout.fillWidth: true
                text: screen.signInVm.message
                error: screen.signInVm.messageCode !== "password_change_required"
            }
            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: 8
                spacing: CounterStyle.spacing
                ActionButton {
                    id: signInButton
                    objectName: "sign_in_button"
                    primary: true
                    enabled: !screen.signInVm.busy
                    text: screen.changing ? qsTr("Save password and sign in") : qsTr("Sign in")
                    onClicked: screen.submit()
                }
                ActionButton {
                    visible: screen.changing
                    text: qsTr("Cancel")
                    onClicked: screen.signInVm.cancelChange()
                }
                Item { Layout.fillWidth: true }
            }
        }
    }

    StatusBar {
        statusVm: screen.statusVm
        conflictsVm: null
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
    Keys.onEscapePressed: if (changing) signInVm.cancelChange()
}
