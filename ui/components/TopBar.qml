import QtQuick
import QtQuick.Layouts
import ".."

// Home and Back stay in the same place on every screen of a session.
Rectangle {
    id: bar
    objectName: "top_bar"
    property string title
    // With the flow's view model the middle holds the language button (the language can be
    // changed on every screen); without it, the title.
    property QtObject flowVm: null
    signal home()
    signal back()

    implicitHeight: Theme.buttonHeight + 2 * Math.round(Theme.spacing * 0.6)
    color: Theme.surface

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 2
        color: Theme.border
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin * 0.6
        anchors.rightMargin: Theme.margin * 0.6
        spacing: Theme.spacing

        BigButton {
            objectName: "back"
            // The arrow points the way the reading direction goes back.
            text: (bar.LayoutMirroring.enabled ? "→  " : "←  ") + qsTr("Back")
            accessibleName: qsTr("Back")
            pixelSize: Theme.body
            Layout.preferredHeight: Theme.buttonHeight
            onClicked: bar.back()
        }
        BigButton {
            objectName: "language_menu"
            visible: bar.flowVm !== null
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight
            text: bar.flowVm ? bar.flowVm.languageName : ""
            accessibleName: qsTr("Please choose your language") + ": " + text
            pixelSize: Theme.body
            onClicked: bar.flowVm.openLanguageMenu()
        }
        BodyText {
            visible: bar.flowVm === null
            Layout.fillWidth: true
            text: bar.title
            color: Theme.textMuted
            font.pixelSize: Theme.small
            horizontalAlignment: Text.AlignHCenter
            // Two lines for a long office name in large text; cut short only beyond that.
            elide: Text.ElideRight
            maximumLineCount: 2
        }
        BigButton {
            objectName: "home"
            text: "⌂  " + qsTr("Start over")
            accessibleName: qsTr("Start over")
            pixelSize: Theme.body
            Layout.preferredHeight: Theme.buttonHeight
            onClicked: bar.home()
        }
    }
}
